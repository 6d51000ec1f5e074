"""The content model: one pydantic class per file kind, and the registry of kinds.

These classes are the single definition of the course format: the validator
checks files against them, the JSON Schemas for editors are generated from
them, and the renderer reads the typed objects they produce.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,47}$")]
StageId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,15}$")]
Ref = Annotated[str, StringConstraints(min_length=1)]
Lines = Annotated[list[Text], Field(min_length=1)]
SearchWords = Annotated[
    list[Text],
    Field(
        default_factory=list,
        description="销售在搜索框里可能打的其他说法（如 缺钱、银承、发微信）：不显示在页面上，只让搜索框上方的快捷入口认得它们",
    ),
]

CHANNEL_PARTS = ("opening", "confirm", "intent", "plan", "closing")
PART_NAMES = {
    "opening": "开场白",
    "confirm": "确认信息",
    "intent": "表达意图",
    "plan": "付款方案",
    "closing": "结束语",
}
PLACEHOLDERS = ("客户", "联系人", "金额", "逾期天数", "到期日", "我", "公司")
QUESTION_TYPES = ("single", "multiple", "truefalse", "best_reply", "order")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)
    _source: str = PrivateAttr(default="")
    _line: int = PrivateAttr(default=1)
    _lines: dict[tuple[Any, ...], int] = PrivateAttr(default_factory=dict)

    @property
    def key(self) -> str:
        """The item's id, for kinds that have one."""
        return str(getattr(self, "id", ""))

    @property
    def source(self) -> str:
        return self._source

    @property
    def line(self) -> int:
        return self._line

    def at(self, *loc: Any) -> int:
        """Line of the key at ``loc`` inside this item, or of its nearest parent."""
        while loc and loc not in self._lines:
            loc = loc[:-1]
        return self._lines.get(loc, self._line)


class Course(Model):
    """content/course.yml: settings for the whole handbook."""

    title: Text = Field(description="手册名称")
    tagline: Text = Field(description="一句话说明这本手册是什么")
    company: Text = Field(description="课程里的示例公司（我方）")
    intro: Lines = Field(description="首页介绍，一段一行")
    review_interval_days: int = Field(180, ge=1, description="话术卡多少天没复核就标“待复核”")
    min_card_chars: int = Field(700, ge=0, description="每张话术卡至少多少个汉字")
    min_questions_per_cell: int = Field(3, ge=0, description="每个阶段 × 客户类型至少几道测验题")
    edit_url: str | None = Field(None, description="源文件的在线编辑地址前缀，例如仓库的 edit/main/")


class CadenceStep(Model):
    channel: Ref = Field(description="渠道 id")
    when: Text = Field(description="什么时候")
    action: Text = Field(description="做什么")


class Stage(Model):
    """One overdue stage in content/stages.yml."""

    id: StageId
    name: Text = Field(description="名称，如 逾期31–60天")
    short: Text = Field(description="短名，如 说服期")
    days_min: int | None = Field(description="逾期天数下限（含）；未到期阶段写 null")
    days_max: int | None = Field(description="逾期天数上限（含）；最后一个阶段写 null")
    goal: Text
    posture: Text = Field(description="姿态")
    tone: Text = Field(description="语气")
    escalation_allowed: Lines = Field(description="这个阶段允许的升级手段")
    escalation_forbidden: Lines = Field(description="这个阶段不允许的做法")
    tactics: list[Ref] = Field(min_length=1, description="推荐技巧 id")
    cadence: list[CadenceStep] = Field(min_length=1, description="各渠道的提醒节奏")
    record: Lines = Field(description="事后要记录什么")


class DebtorType(Model):
    """One debtor attitude in content/debtor_types.yml."""

    id: Id
    name: Text
    search_words: SearchWords
    hint: Text = Field(description="一句话区分提示，显示在找话术的选项旁")
    signals: Lines = Field(description="电话里能听出来的信号")
    cares_about: Lines = Field(description="对方在意什么")
    approach: Lines = Field(description="应对思路")
    words_that_work: Lines
    words_that_backfire: Lines
    pitfalls: Lines
    tactics: list[Ref] = Field(min_length=1)


class Channel(Model):
    """One contact channel in content/channels.yml."""

    id: Id
    name: Text
    search_words: SearchWords
    strength: int = Field(ge=1, le=4, description="施压力度 1–4")
    best_for: Text
    tips: Lines


class Objection(Model):
    """content/objections/<id>.yml: something customers say to avoid paying."""

    id: Id
    name: Text
    variants: Annotated[list[Text], Field(min_length=2, description="客户的原话，也用于搜索")]
    search_words: SearchWords
    concern: Text = Field(description="背后的真实顾虑")
    probe: Lines = Field(description="追问的问题")
    replies: dict[Ref, Text] = Field(description="每个阶段 id 对应的回应")
    dont_say: Lines
    tactics: list[Ref] = Field(default_factory=list)


class Tactic(Model):
    """content/tactics/<id>.yml: a collection tactic or an analysis framework."""

    id: Id
    name: Text
    search_words: SearchWords
    kind: Literal["tactic", "framework"]
    summary: Text
    stages: list[Ref] = Field(min_length=1)
    when: Text
    how: Lines
    example: Text
    risk: Text
    lawful_line: Text | None = None


class Script(Model):
    """The five-part script for one channel."""

    opening: Lines = Field(description="开场白")
    confirm: Lines = Field(description="确认信息")
    intent: Lines = Field(description="表达意图")
    plan: Lines = Field(description="付款方案")
    closing: Lines = Field(description="结束语")


class CardObjection(Model):
    id: Ref = Field(description="异议 id")
    reply: Text


class FollowUp(Model):
    when: Text
    action: Text


class Card(Model):
    """scripts_library/<stage>/<id>.yml: the script card for one stage × debtor type."""

    id: Id
    stage: Ref
    debtor_type: Ref
    title: Text
    situation: Text
    goal: Text
    tone: Text
    key_line: Text = Field(description="30 秒速读：最该说的一句")
    never_say: Text = Field(description="30 秒速读：绝不能说的一句")
    tactics: list[Ref] = Field(min_length=1)
    scripts: dict[Ref, Script] = Field(min_length=1, description="渠道 id → 五段式话术")
    objections: list[CardObjection] = Field(min_length=1)
    do: Lines
    dont: Lines
    compliance: Text
    follow_up: list[FollowUp] = Field(min_length=1)
    owner: Text
    last_reviewed: dt.date


class Option(Model):
    id: Id
    text: Text
    feedback: Text | None = None


class Question(Model):
    id: Id
    type: Literal["single", "multiple", "truefalse", "best_reply", "order"]
    stage: Ref | None = None
    debtor_type: Ref | None = None
    prompt: Text
    customer_line: Text | None = None
    options: list[Option] = Field(default_factory=list)
    answer: Any = Field(description="single/best_reply：选项 id；multiple：选项 id 列表；order：全部选项 id 的正确顺序；truefalse：true 或 false")
    explanation: Text
    cards: list[Ref] = Field(default_factory=list)
    tactics: list[Ref] = Field(default_factory=list)
    objections: list[Ref] = Field(default_factory=list)


class Quiz(Model):
    """quizzes/<id>.yml: a set of questions."""

    id: Id
    title: Text
    description: Text | None = None
    questions: list[Question] = Field(min_length=1)


class Section(Model):
    heading: Text
    paragraphs: list[Text] = Field(default_factory=list)
    bullets: list[Text] = Field(default_factory=list)
    steps: list[Text] = Field(default_factory=list)


class Guide(Model):
    """content/guides/<id>.yml: a topic page (special cases, compliance, …)."""

    id: Id
    title: Text
    search_words: SearchWords
    summary: Text
    order: int = 100
    sections: list[Section] = Field(min_length=1)


class AgendaItem(Model):
    minutes: int = Field(ge=1)
    title: Text
    activity: Text


class Prompt(Model):
    topic: Text
    question: Text


class Roleplay(Model):
    id: Id
    title: Text
    stage: Ref
    debtor_type: Ref
    objections: list[Ref] = Field(default_factory=list)
    customer_brief: Lines = Field(description="只发给扮演客户的一方")
    salesperson_goals: Lines = Field(description="只发给扮演业务员的一方")
    observer_checklist: Lines


class RubricItem(Model):
    criterion: Text
    weight: int = Field(ge=1, le=100)
    excellent: Text
    passing: Text
    poor: Text


class Trainer(Model):
    """content/trainer.yml: agenda, prompts, role-plays and rubric for the class."""

    title: Text
    summary: Text
    agenda: list[AgendaItem] = Field(min_length=1)
    prompts: list[Prompt] = Field(min_length=1)
    roleplays: list[Roleplay] = Field(min_length=1)
    rubric: list[RubricItem] = Field(min_length=1)


@dataclass(frozen=True)
class Kind:
    """One kind of course file: where it lives and which model checks it."""

    name: str
    label: str
    patterns: tuple[str, ...]
    model: type[Model]
    is_list: bool = False
    required_file: str | None = None

    @property
    def schema_file(self) -> str:
        return f"schemas/{self.name}.schema.json"


KINDS: tuple[Kind, ...] = (
    Kind("course", "全局设置", ("content/course.yml",), Course, required_file="content/course.yml"),
    Kind("stages", "阶段", ("content/stages.yml",), Stage, True, "content/stages.yml"),
    Kind("debtor_types", "客户类型", ("content/debtor_types.yml",), DebtorType, True, "content/debtor_types.yml"),
    Kind("channels", "渠道", ("content/channels.yml",), Channel, True, "content/channels.yml"),
    Kind("objection", "异议", ("content/objections/*.yml", "content/objections/*.yaml"), Objection),
    Kind("tactic", "技巧", ("content/tactics/*.yml", "content/tactics/*.yaml"), Tactic),
    Kind("guide", "专题", ("content/guides/*.yml", "content/guides/*.yaml"), Guide),
    Kind("trainer", "培训师工具包", ("content/trainer.yml",), Trainer, required_file="content/trainer.yml"),
    Kind("card", "话术卡", ("scripts_library/**/*.yml", "scripts_library/**/*.yaml"), Card),
    Kind("quiz", "测验", ("quizzes/*.yml", "quizzes/*.yaml"), Quiz),
)
KINDS_BY_NAME = {kind.name: kind for kind in KINDS}


def json_schema(kind: Kind) -> dict[str, object]:
    """The JSON Schema an editor uses for files of this kind."""
    schema = kind.model.model_json_schema()
    if kind.is_list:
        defs = schema.pop("$defs", {})
        schema = {"type": "array", "items": schema}
        if defs:
            schema["$defs"] = defs
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"催款话术手册：{kind.label}"
    return schema
