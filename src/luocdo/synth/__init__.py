"""A synthetic corpus of Vietnamese provincial and district reports, with its ground truth.

    python -m luocdo.synth OUT_DIR --reports N --seed S

writes N reports (`.md`, UTF-8) and `OUT_DIR/truth.json`. The reports imitate the layout of real ones
(header `Số: 123/BC-UBND`, place-date line, `BÁO CÁO`, title, `Kính gửi:`, numbered sections,
`<sup>n</sup>` footnotes, `Nơi nhận:`, signature) and are written by provinces and districts of the
pre-2025 map (the gazetteer luocdo ships), in 2019-2024.

The world behind them:

- six central documents with their real numbers and dates (`central_documents`);
- provinces that issued a plan (Kế hoạch) implementing a central document;
- districts that implemented it directly (their own plan or letter implements the central document),
  through the provincial plan, only "based on" it (căn cứ / trên cơ sở), or not at all;
- the letters that ask for the reports, the bodies' own inspection plans and decisions, and the other
  central documents reports usually cite (tinh giản biên chế, một cửa, vị trí việc làm...).

Every local document has one number, date and issuer wherever it is cited; numbers of a body grow
through a year, per document series. Everything local is invented; no text comes from real reports.

truth.json holds, per file, the report's own identity, every cited document (number, symbol, date,
issuer, the report's relation to it), the relations stated between cited documents; and, per central
document, the bodies the corpus shows implementing it (directly, or through which provincial plan),
computed from the implements / reports_on links the texts state, plus those the world has but no text
states ("unstated").

The modules, in the order a run uses them: `central` (the central documents) and `documents` (a
document), `bodies` (who writes), `world` (who implements what), `local_documents` (the bodies' documents
and the letters they answer), `planning` (what each file holds), `numbering`, then the text: `page` (one
file and how it cites), `frame`, `paragraphs`, `sentences`, `report_text`, `plan_text`; `truth`,
`generator` (the run) and `cli`.
"""

from luocdo.synth.bodies import Body
from luocdo.synth.central import Central, central_documents, other_central
from luocdo.synth.cli import main
from luocdo.synth.documents import Doc
from luocdo.synth.generator import Generator, generate
from luocdo.synth.page import Page
from luocdo.synth.planning import FIRST_DAY, LAST_DAY
from luocdo.synth.sentences import LIMITS, PLAN_TASKS, RESULTS, TASKS
from luocdo.synth.truth import GENERATOR, IMPLEMENTING

__all__ = [
    "FIRST_DAY",
    "GENERATOR",
    "IMPLEMENTING",
    "LAST_DAY",
    "LIMITS",
    "PLAN_TASKS",
    "RESULTS",
    "TASKS",
    "Body",
    "Central",
    "Doc",
    "Generator",
    "Page",
    "central_documents",
    "generate",
    "main",
    "other_central",
]
