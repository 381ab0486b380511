"""Questions asked of the store (implementers, chains, cards) and the networkx view for drawing."""
