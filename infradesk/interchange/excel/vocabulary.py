"""What header words mean: every kind of sheet we read, its fields and the words for them.

Headers are compared after :func:`normalise` (case, accents, spaces, underscores and
punctuation do not matter). The words cover MS Project's Excel export, GanttProject's export,
common templates, and German, French, Spanish and Portuguese (plus a few Korean words).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

ValueKind = Literal[
    "text", "int", "date", "duration", "percent", "links", "wbs", "level", "money", "bool",
    "outline", "level0", "datetime",
]  # fmt: skip


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the key in the interchange document
    label: str  # shown to the user
    kind: ValueKind
    words: tuple[str, ...]


@dataclass(frozen=True)
class SheetKind:
    key: str  # tasks, risks, issues, ...
    label: str
    fields: tuple[FieldSpec, ...]
    name_hints: tuple[str, ...]  # words in the sheet name (or header cells) that suggest it
    core: tuple[str, ...]  # at least one of these must be mapped
    support: tuple[str, ...]  # and at least one of these (unless the name hints at the kind)

    @property
    def a_label(self) -> str:
        """``a task plan`` / ``an issue log``."""
        return ("an " if self.label[0] in "aeiou" else "a ") + self.label

    def field(self, key: str) -> FieldSpec:
        return next(spec for spec in self.fields if spec.key == key)


@lru_cache(maxsize=65536)
def _normalise_text(value: str) -> str:
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Mn")
    value = unicodedata.normalize("NFC", value).lower()
    value = re.sub(r"[^\w%#]+", " ", value.replace("_", " "))
    return " ".join(value.split())


def normalise(text: object) -> str:
    """``'  Task_Name\\n'`` -> ``'task name'``; ``'% Complete'`` -> ``'% complete'``; accents go."""
    if text is None:
        return ""
    value = str(text)
    if len(value) > 200:  # long cells are never headers; do not fill the cache with them
        return _normalise_text.__wrapped__(value)
    return _normalise_text(value)


def _f(key: str, label: str, kind: ValueKind, words: str) -> FieldSpec:
    items = [normalise(word) for word in words.split("|") if word.strip()]
    items.append(normalise(key))
    return FieldSpec(key, label, kind, tuple(dict.fromkeys(item for item in items if item)))


_ID = (
    "id|#|no|nr|nr.|num|number|row|row id|task id|item|item #|item no|ref|reference|key|code|"
    "lfd nr|nummer|numéro|numero|número|nº|n°|n|번호"
)
_OWNER = (
    "owner|owners|responsible|assigned to|assignee|assignees|lead|who|accountable|"
    "verantwortlich|verantwortlicher|zuständig|besitzer|responsable|propriétaire|"
    "responsável|dono|담당자"
)
_STATUS = "status|state|stand|zustand|statut|état|estado|situação|situacao|상태"
_NOTES = (
    "notes|note|comments|comment|remarks|remark|notizen|bemerkungen|bemerkung|kommentar|"
    "kommentare|commentaires|commentaire|remarques|notas|nota|comentarios|comentários|"
    "observaciones|observações|observacoes|노트|비고|메모"
)
_DESCRIPTION = "description|details|detail|beschreibung|descripción|descrição|descricao"
_CATEGORY = "category|categories|type|kategorie|catégorie|categoría|categoria|tipo|art"
_RAISED = (
    "date raised|raised|raised on|date identified|identified|identified on|logged|date logged|"
    "created|date created|date opened|opened|erfasst am|erfasst|datum|date|fecha|data|"
    "date de création|fecha de registro|data de registro"
)

TASKS = SheetKind(
    "tasks",
    "task plan",
    (
        _f("id", "ID", "text", _ID),
        _f(
            "external_ref",
            "Unique ID",
            "text",
            "unique id|uid|external id|external ref|guid|einzelne nr|eindeutige nr|"
            "numéro unique|id unique|id único|id unico|id exclusiva|id exclusivo",
        ),
        _f(
            "wbs",
            "WBS / outline number",
            "wbs",
            "wbs|wbs code|wbs no|wbs number|outline|psp|psp code|psp element|psp nr|"
            "gliederung|edt|code edt|eap|organigrama|projektstrukturplan code|작업 분할 구조",
        ),
        # MS Project's Outline Number is the outline position (1.2.3) whatever the WBS code
        # says; a sheet with both keeps both (issue 16: it rebuilds a WBS Excel made a date).
        _f(
            "outline_number",
            "Outline number",
            "wbs",
            "outline number|outline no|outline nr|gliederungsnummer|numéro hiérarchique|"
            "numero hierarchique|número de esquema|numero de esquema|número da estrutura|"
            "número da estrutura de tópicos|개요 번호",
        ),
        _f(
            "outline_level",
            "Outline level",
            "outline",
            "outline level|level|indent level|indent|hierarchy level|hierarchy|niveau|"
            "niveau hiérarchique|nivel|nivel de esquema|nível|nível da estrutura|ebene|"
            "gliederungsebene|stufe",
        ),
        _f(
            "name",
            "Name",
            "text",
            "name|task name|task|tasks|task description|activity|activity name|activities|"
            "title|summary|work item|item name|epic|feature|step|deliverable|work package|"
            "description|subject|vorgang|vorgangsname|aufgabe|aufgaben|tätigkeit|"
            "arbeitspaket|bezeichnung|tâche|tache|nom|nom de la tâche|nom de tâche|activité|"
            "libellé|tarea|tareas|nombre|nombre de tarea|nombre de la tarea|actividad|"
            "tarefa|tarefas|nome|nome da tarefa|atividade|업무|목표업무|작업|작업명|과제",
        ),
        _f(
            "duration",
            "Duration",
            "duration",
            "duration|dur|days|duration days|duration (days)|working days|length|effort|"
            "estimate|estimated duration|work days|weeks|dauer|dauer (tage)|tage|durée|"
            "duree|jours|duración|duracion|días|dias|duração|duracao|기간|일수",
        ),
        _f(
            "start",
            "Start",
            "date",
            "start|start date|begin|begin date|beginning|starts|planned start|start time|"
            "from|scheduled start|anfang|beginn|start datum|startdatum|anfangsdatum|"
            "anfangstermin|début|debut|date de début|date début|inicio|fecha de inicio|"
            "comienzo|início|data de início|data inicio|data de inicio|시작일|시작",
        ),
        _f(
            "finish",
            "Finish",
            "date",
            "finish|finish date|end|end date|ends|due|due date|planned finish|planned end|"
            "to|completion date|scheduled finish|target date|ende|enddatum|endtermin|"
            "fertig stellen|fertigstellung|fin|date de fin|fin prévue|fecha de fin|"
            "fecha fin|fecha de término|término|fim|data de fim|data fim|data de término|"
            "data de conclusão|종료일|종료|마감일",
        ),
        _f(
            "percent_complete",
            "% Complete",
            "percent",
            "% complete|percent complete|% done|done %|% completed|complete|completion|"
            "completed %|progress|progress %|% progress|% abgeschlossen|% fertig|fertig|"
            "fortschritt|abgeschlossen %|% achevé|% achevée|avancement|% avancement|"
            "% completado|completado|progreso|avance|% concluído|% concluída|conclusão|"
            "concluído|progresso|진행률|진척률",
        ),
        _f(
            "predecessors",
            "Predecessors",
            "links",
            "predecessors|predecessor|predecessor ids|dependencies|dependency|depends on|"
            "dependent on|depends|after|prereqs|prerequisites|vorgänger|vorgaenger|"
            "anordnungsbeziehungen|abhängigkeiten|prédécesseurs|predecesseurs|antécédents|"
            "antecedentes|predecesoras|predecesores|predecesora|dependencias|antecessores|"
            "antecessoras|predecessoras|dependências|선행작업|선행",
        ),
        # MS Project's "Predecessors" name task IDs; "Unique ID Predecessors" Unique IDs
        _f(
            "unique_predecessors",
            "Unique ID predecessors",
            "links",
            "unique id predecessors|unique id predecessor|uid predecessors|unique predecessors|"
            "predecessor unique ids|predecessor uids|vorgänger einzelne nr|"
            "einzelne nr vorgänger|eindeutige nr vorgänger|id unique des prédécesseurs|"
            "prédécesseurs id unique|predecesoras de id único|id único de predecesoras|"
            "predecessoras de id exclusiva|id exclusiva das predecessoras",
        ),
        _f(
            "owner",
            "Owner / resources",
            "text",
            _OWNER + "|resource names|resources|resource|resourcing|assigned|coordinator|"
            "ressourcennamen|ressourcen|noms des ressources|ressources|nombres de los "
            "recursos|recursos|nomes dos recursos|coordenador|coordinador|coordinateur|"
            "team|person",
        ),
        _f("notes", "Notes", "text", _NOTES),
        _f(
            "milestone",
            "Milestone",
            "bool",
            "milestone|is milestone|meilenstein|jalon|hito|marco",
        ),
        _f(
            "deadline",
            "Deadline",
            "date",
            "deadline|due by|frist|stichtag|échéance|echeance|fecha límite|fecha limite|prazo",
        ),
        _f(
            "start_no_earlier_than",
            "Start no earlier than",
            "date",
            "start no earlier than|snet|frühester anfang|début au plus tôt le",
        ),
        _f("production_change", "Production change", "bool", "production change|prod change"),
        _f(
            "task_mode",
            "Task mode",
            "text",
            "task mode|scheduling mode|mode|manual|manually scheduled|vorgangsmodus|"
            "mode tâche|mode de la tâche|mode de planification|modo de tarea|"
            "modo de la tarea|modo da tarefa|작업 모드",
        ),
        # progress and constraints (issue 15): MS Project's column names in the languages
        # above (English, German, French, Spanish, Portuguese, Korean) and common variants
        _f(
            "actual_start",
            "Actual start",
            "date",
            "actual start|actual start date|actual begin|started on|date started|"
            "aktueller anfang|tatsächlicher anfang|ist-anfang|ist anfang|ist-start|"
            "début réel|debut reel|date de début réelle|comienzo real|inicio real|"
            "fecha de inicio real|início real|inicio real|data de início real|실제 시작|"
            "실제 시작일",
        ),
        _f(
            "actual_finish",
            "Actual finish",
            "date",
            "actual finish|actual finish date|actual end|actual end date|finished on|"
            "completed on|date completed|aktuelles ende|tatsächliches ende|ist-ende|ist ende|"
            "fin réelle|fin reelle|fin réel|date de fin réelle|fin real|fecha de fin real|"
            "término real|termino real|fim real|data de término real|실제 완료|실제 완료일|"
            "실제 종료",
        ),
        _f(
            "remaining_minutes",
            "Remaining duration",
            "duration",
            "remaining duration|remaining|remaining days|days remaining|time remaining|"
            "verbleibende dauer|restdauer|restliche dauer|durée restante|duree restante|"
            "duración restante|duracion restante|duração restante|duracao restante|남은 기간",
        ),
        _f(
            "constraint_type",
            "Constraint type",
            "text",
            "constraint type|constraint|einschränkungsart|einschraenkungsart|einschränkung|"
            "type de contrainte|contrainte|tipo de delimitación|tipo de delimitacion|"
            "tipo de restricción|tipo de restriccion|tipo de restrição|tipo de restricao|"
            "제약 유형|제약 조건 유형",
        ),
        _f(
            "constraint_date",
            "Constraint date",
            "date",
            "constraint date|einschränkungstermin|einschraenkungstermin|date de contrainte|"
            "fecha de delimitación|fecha de delimitacion|fecha de restricción|"
            "fecha de restriccion|data de restrição|data de restricao|제약 날짜|제약 조건 날짜",
        ),
        _f(
            "cost",
            "Cost",
            "money",
            "cost|planned cost|budgeted cost|fixed cost|task cost|kosten|geplante kosten|"
            "feste kosten|coût|cout|coût fixe|coût prévu|costo|coste|costo fijo|"
            "costo previsto|custo|custo fixo|custo previsto|비용|고정 비용",
        ),
        _f(
            "actual_cost",
            "Actual cost",
            "money",
            "actual cost|actual costs|cost to date|aktuelle kosten|tatsächliche kosten|"
            "ist-kosten|istkosten|coût réel|cout reel|costo real|coste real|custo real|"
            "실제 비용",
        ),
    ),
    (
        "plan", "schedule", "task", "gantt", "project", "timeline", "zeitplan", "projektplan",
        "planung", "vorgänge", "aufgaben", "planning", "calendrier", "tâches", "cronograma",
        "tareas", "tarefas", "wbs",
    ),
    ("name",),
    (
        "duration", "start", "finish", "predecessors", "wbs", "outline_level",
        "percent_complete", "milestone", "outline_number", "unique_predecessors",
    ),
)  # fmt: skip

RISKS = SheetKind(
    "risks",
    "risk register",
    (
        _f("code", "Risk ID", "text", _ID + "|risk id|risk no|risk #|risk number|risk ref|id risk"),
        _f(
            "title",
            "Risk",
            "text",
            "risk|risk title|title|name|risk name|summary|risiko|titel|risque|titre|riesgo|"
            "título|titulo|risco",
        ),
        _f(
            "description",
            "Description",
            "text",
            _DESCRIPTION + "|risk description|risk details|risikobeschreibung|"
            "description du risque|descripción del riesgo|descrição do risco",
        ),
        _f("category", "Category", "text", _CATEGORY + "|risk category|risk type"),
        _f("owner", "Owner", "text", _OWNER + "|risk owner|action owner"),
        _f(
            "probability",
            "Probability",
            "level",
            "probability|likelihood|prob|p|probability (1-5)|likelihood (1-5)|chance|"
            "wahrscheinlichkeit|eintrittswahrscheinlichkeit|ew|probabilité|probabilite|"
            "vraisemblance|probabilidad|probabilidade|likelihood rating|probability rating",
        ),
        _f(
            "impact",
            "Impact",
            "level",
            "impact|severity|consequence|i|impact (1-5)|severity (1-5)|impact rating|"
            "auswirkung|schadensausmaß|schadenshöhe|tragweite|gravité|gravite|impacto|"
            "severidad|gravidade|severidade",
        ),
        _f(
            "response",
            "Response",
            "text",
            "response|strategy|response strategy|treatment|risk response|approach|"
            "strategie|stratégie|estrategia|estratégia|respuesta|resposta",
        ),
        _f(
            "mitigation",
            "Mitigation",
            "text",
            "mitigation|mitigation plan|mitigation action|mitigation actions|actions|"
            "action plan|mitigation strategy|response plan|maßnahme|maßnahmen|"
            "gegenmaßnahmen|atténuation|mesures|mitigación|mitigação|plan de acción",
        ),
        _f("contingency", "Contingency", "text", "contingency|contingency plan|fallback|plan b"),
        _f("status", "Status", "text", _STATUS + "|risk status"),
        _f("raised", "Raised", "date", _RAISED),
        _f("cause", "Cause", "text", "cause|trigger cause|trigger / cause|root cause|"
           "ursache|"
           "auslöser|causa|gatilho"),
        _f("effect", "Effect", "text", "effect|consequences|wirkung|effet|efecto|efeito"),
        _f("proximity", "Proximity", "text", "proximity|timeframe|time frame|nähe"),
        _f("cost_impact", "Cost impact", "money", "cost impact|financial impact|cost|kosten"),
        _f("schedule_impact_days", "Schedule impact (days)", "int",
           "schedule impact|schedule impact days|delay days|time impact"),
        _f("next_review", "Next review", "date", "review date|next review|review"),
        _f("kind", "Type", "text", "kind|threat opportunity|threat or opportunity"),
        _f("residual_probability", "Residual probability", "level0", "residual probability|"
           "residual p|residual likelihood"),
        _f("residual_impact", "Residual impact", "level0", "residual impact|residual i"),
        _f("event", "Event", "text", "event|risk event"),
        _f("trigger", "Trigger", "text", "contingency trigger|trigger"),
        _f("rating", "Rating (computed)", "text", "risk rating|rating|risk score|score|rag|"
           "overall rating|risk level|exposure|priority"),
        _f("remarks", "Remarks", "text", _NOTES),
    ),
    ("risk", "risiko", "risque", "riesgo", "risco"),
    ("title", "description"),
    ("probability", "impact", "mitigation", "response", "owner"),
)  # fmt: skip

_RAID_COMMON = (
    _f("category", "Category", "text", _CATEGORY),
    _f("owner", "Owner", "text", _OWNER),
    _f("status", "Status", "text", _STATUS),
    _f("remarks", "Remarks", "text", _NOTES),
)

ISSUES = SheetKind(
    "issues",
    "issue log",
    (
        _f("code", "Issue ID", "text", _ID + "|issue id|issue no|issue #|issue number"),
        _f("title", "Issue", "text",
           "issue|issue description|issue title|problem statement|problem|title|summary|"
           "subject|problembeschreibung|problème|problema|questão|questao"),
        _f("description", "Details", "text", _DESCRIPTION),
        _f("impact", "Impact", "text", "impact|impact description|effect|auswirkung|impacto"),
        _f("priority", "Priority", "text", "priority|prio|priorität|priorité|prioridad|"
           "prioridade|urgency"),
        _f("severity", "Severity", "text", "severity|schweregrad|gravité|severidad"),
        _f("raised_by", "Raised by", "text", "raised by|reported by|originator|"
           "gemeldet von|signalé par"),
        _f("raised", "Raised", "date", _RAISED),
        _f("due", "Due", "date", "target date|target|due date|due|target resolution|"
           "zieltermin|date cible|fecha objetivo|data alvo"),
        _f("resolved", "Resolved", "date", "actual res date|actual resolution date|resolved|"
           "resolved on|date resolved|closed on|date closed|resolution date|erledigt am"),
        _f("resolution", "Resolution", "text", "resolution|resolution action|action|actions|"
           "next steps|lösung|résolution|resolución|resolução"),
        *_RAID_COMMON,
    ),
    ("issue", "problem", "probleme", "incidencia", "questões", "questoes"),
    ("title", "description"),
    (),
)  # fmt: skip

ASSUMPTIONS = SheetKind(
    "assumptions",
    "assumption log",
    (
        _f("code", "Assumption ID", "text", _ID + "|assumption id|assumption no|assumption #"),
        _f("statement", "Assumption", "text",
           _DESCRIPTION + "|assumption|assumption description|statement|title|annahme|"
           "hypothèse|supuesto|premissa|pressuposto"),
        _f("rationale", "Rationale", "text", "basis|rationale|basis rationale|"
           "basis / rationale|source|begründung|justification"),
        _f("raised", "Raised", "date", _RAISED),
        _f("validated_by", "Validated by", "text", "validated by|confirmed by|verified by"),
        _f("validate_by", "Validate by", "date", "validate by|validation date|validated on|"
           "date validated|confirmed on|validation due"),
        _f("impact_if_false", "Impact if false", "text", "impact if false|impact if wrong|"
           "impact|impact if invalid"),
        *_RAID_COMMON,
    ),
    ("assumption", "annahme", "hypothèse", "hypothese", "supuesto", "premissa"),
    ("statement",),
    (),
)  # fmt: skip

DECISIONS = SheetKind(
    "decisions",
    "decision log",
    (
        _f("code", "Decision ID", "text", _ID + "|decision id|decision no|decision #"),
        _f("decision", "Decision", "text",
           _DESCRIPTION + "|decision|decision description|title|summary|entscheidung|décision|"
           "decisión|decisão"),
        _f("decided_by", "Decided by", "text", "decided by|made by|approved by|decision maker|"
           "approver|entschieden von"),
        _f("date", "Decision date", "date", "decision date|date decided|decided on|date|datum|"
           "fecha|data"),
        _f("rationale", "Rationale", "text", "rationale|reason|justification|basis|begründung"),
        _f("impact", "Impact", "text", "impact|consequence|auswirkung"),
        _f("needed_by", "Needed by", "date", "needed by|decision needed by|required by|"
           "decide by|due|due date"),
        _f("meeting", "Meeting", "text", "meeting|source meeting|decided at|forum"),
        *_RAID_COMMON,
    ),
    ("decision", "entscheidung", "décision", "decision", "decisión", "decisão"),
    ("decision",),
    (),
)  # fmt: skip

DEPENDENCIES = SheetKind(
    "dependencies_external",
    "dependency log",
    (
        _f("code", "Dependency ID", "text", _ID + "|dep id|dependency id|dep no|dep #"),
        _f("type", "Type", "text", "type|dependency type|internal external|kind"),
        _f("description", "Dependency", "text",
           _DESCRIPTION + "|dependency|dependency description|title|summary|abhängigkeit|"
           "dépendance|dependencia|dependência"),
        _f("dependent_on", "Dependent on", "text", "dependent on|depends on|blocks|"
           "affected activity|"
           "affects|needed for|required for"),
        _f("external_party", "External party", "text", "external party|party|provider|"
           "third party|supplier|from"),
        _f("required_by", "Required by", "date", "required by|need by|needed by|due date|due|"
           "date required|target date|benötigt bis"),
        _f("impact_if_late", "Impact if late", "text", "impact if late|impact|impact if missed"),
        _f("mitigation", "Mitigation", "text", "mitigation|mitigation action|mitigation plan|"
           "action|contingency"),
        _f("owner", "Owner", "text", _OWNER),
        _f("status", "Status", "text", _STATUS),
        _f("remarks", "Remarks", "text", _NOTES),
    ),
    ("dependenc", "abhängigkeit", "abhaengigkeit", "dépendance", "dependencia", "dependência"),
    ("description",),
    (),
)  # fmt: skip

CHANGES = SheetKind(
    "change_requests",
    "change log",
    (
        _f("code", "Change ID", "text", _ID + "|change id|cr|cr id|cr no|cr #|change no|change #"),
        _f("title", "Change", "text", "title|change|change request|summary|name|änderung|"
           "changement|cambio|mudança"),
        _f("description", "Description", "text", _DESCRIPTION + "|change description"),
        _f("type", "Type", "text", "type|change type|kind|art"),
        _f("requested_by", "Requested by", "text", "requested by|requestor|requester|raised by|"
           "originator|angefordert von"),
        _f("requested", "Requested", "date", _RAISED + "|requested|date requested|request date"),
        _f("cost_impact", "Cost impact", "money", "cost impact|cost|budget impact|kosten"),
        _f("schedule_impact_days", "Schedule impact (days)", "int",
           "schedule impact|schedule impact days|delay days|time impact|days impact"),
        _f("decision_date", "Decision date", "date", "decision date|decided|decided on|"
           "approved on|approval date"),
        _f("approver", "Approver", "text", "approver|approved by|decided by|decision maker"),
        _f("itil_class", "ITIL class", "text", "itil class|change class"),
        _f("cab_date", "CAB date", "date", "cab date|cab"),
        # issue 20: the fields a CAB asks for
        _f("cab_required", "CAB required", "bool", "cab required|needs cab|cab approval required"),
        _f("cab_outcome", "CAB outcome", "text", "cab outcome|cab decision|cab result"),
        _f("window_start", "Window start", "datetime", "window start|planned start|"
           "implementation start|change start|scheduled start"),
        _f("window_finish", "Window end", "datetime", "window end|window finish|planned end|"
           "implementation end|change end|scheduled end"),
        _f("services", "Affected services", "text", "affected services|services|"
           "affected service|service|ci|configuration items|affected cis"),
        _f("implementer", "Implementer", "text", "implementer|implemented by|assigned to|"
           "change owner"),
        _f("implementation_plan", "Implementation plan", "text", "implementation plan|"
           "implementation steps|plan"),
        _f("backout_plan", "Backout plan", "text", "backout plan|back out plan|rollback plan|"
           "roll back plan|backout|rollback|fallback plan"),
        _f("test_plan", "Test plan", "text", "test plan|testing|verification|"
           "post implementation test"),
        _f("risk_analysis", "Risk analysis", "text", "risk analysis|risk and impact analysis|"
           "risk assessment|impact analysis|risk impact"),
        _f("decision", "Decision", "text", "decision|outcome"),
        *_RAID_COMMON,
    ),
    ("change", "änderung", "aenderung", "changement", "cambio", "mudança", "cr log"),
    ("title", "description"),
    (),
)  # fmt: skip

_VENDOR_NAME = _f(
    "vendor",
    "Vendor",
    "text",
    "vendor|vendor name|supplier|supplier name|company|firm|contractor|provider|partner|"
    "lieferant|anbieter|dienstleister|firma|fournisseur|prestataire|proveedor|empresa|"
    "fornecedor",
)

VENDORS = SheetKind(
    "vendors",
    "vendor list",
    (
        _VENDOR_NAME,
        _f("category", "Category", "text", _CATEGORY + "|vendor type|service|services"),
        _f("contact", "Contact", "text", "contact|contact person|email|phone|ansprechpartner|"
           "kontakt|contacto|contato"),
        _f("notes", "Notes", "text", _NOTES),
        _f("name", "Name", "text", "name|nom|nombre|nome"),
    ),
    ("vendor", "supplier", "lieferant", "fournisseur", "proveedor", "fornecedor", "partner"),
    ("vendor", "name"),
    ("category", "contact", "notes"),
)  # fmt: skip

CONTRACTS = SheetKind(
    "contracts",
    "contract list",
    (
        _VENDOR_NAME,
        _f("number", "Contract number", "text", "contract number|contract no|contract #|"
           "contract id|po|po number|po no|purchase order|number|no|nr|id|vertragsnummer|"
           "numéro de contrat|número de contrato"),
        _f("title", "Title", "text", "title|contract|contract title|description|subject|"
           "scope|vertrag|contrat|contrato|objet|objeto"),
        _f("value", "Value", "money", "value|contract value|amount|total|price|cost|"
           "total value|wert|betrag|vertragswert|montant|valeur|valor|importe|monto"),
        _f("currency", "Currency", "text", "currency|ccy|währung|devise|moneda|moeda"),
        _f("start", "Start", "date", "start|start date|begin|effective date|signed|"
           "vertragsbeginn|beginn|début|inicio|início"),
        _f("end", "End", "date", "end|end date|expiry|expiry date|expires|expiration|"
           "termination date|vertragsende|ende|fin|fim|término|renewal date"),
        _f("notice_days", "Notice (days)", "int", "notice|notice days|notice period|"
           "notice period days|kündigungsfrist|préavis|preaviso|aviso prévio"),
        _f("status", "Status", "text", _STATUS),
    ),
    ("contract", "vertrag", "verträge", "contrat", "contrato", "purchase order"),
    ("vendor", "number", "title"),
    ("value", "end", "notice_days", "currency"),
)  # fmt: skip

DELIVERIES = SheetKind(
    "deliveries",
    "delivery list",
    (
        _VENDOR_NAME,
        _f("description", "Description", "text", _DESCRIPTION + "|item|deliverable|delivery|"
           "shipment|hardware|equipment|article|artikel|lieferung|livraison|entrega|"
           "artículo|artigo|what"),
        _f("quantity", "Quantity", "int", "quantity|qty|count|units|menge|anzahl|quantité|"
           "cantidad|quantidade"),
        _f("promised", "Promised", "date", "promised|promised date|due date|due|expected|"
           "expected date|eta|delivery date|planned date|liefertermin|date prévue|"
           "fecha prevista|data prevista"),
        _f("actual", "Delivered", "date", "actual|actual date|delivered|delivered on|"
           "received|received on|geliefert|livré|entregado|entregue"),
        _f("status", "Status", "text", _STATUS),
        _f("task", "Task", "text", "task|gates task|linked task|for task|task id|vorgang"),
    ),
    ("deliver", "deliveries", "shipment", "lieferung", "livraison", "entrega", "hardware"),
    ("description",),
    ("quantity", "promised", "actual"),
)  # fmt: skip

# MS Project's export wizard writes Resource_Table and Assignment_Table sheets beside its
# Task_Table: resources are people and teams (never vendors), assignments name each task's
# resources (issue 16). Both are read into ImportResult.resources and the tasks' owners.
RESOURCES = SheetKind(
    "resources",
    "resource list",
    (
        _f("id", "ID", "text", "id|resource id|#|no|nr"),
        _f("unique_id", "Unique ID", "text", "unique id|uid|resource unique id|guid"),
        _f("name", "Resource name", "text", "name|resource name|resource|ressourcenname|"
           "nom de la ressource|nombre del recurso|nome do recurso"),
        _f("initials", "Initials", "text", "initials|kürzel|initiales|iniciales|iniciais"),
        _f("type", "Type", "text", "type|resource type|art|tipo"),
        _f("material_label", "Material label", "text", "material label|material|"
           "materialbeschriftung"),
        _f("group", "Group", "text", "group|resource group|team|department|gruppe|groupe|"
           "grupo"),
        _f("email", "Email", "text", "email|email address|e mail|e mail address|"
           "e mail adresse|adresse de messagerie|correo electrónico"),
        _f("max_units", "Max units", "percent", "max units|max|maximum units|max einh|"
           "max einheiten|capacité max|capacidad máxima|unidades máximas"),
        _f("standard_rate", "Standard rate", "text", "standard rate|std rate|rate|"
           "standardsatz|taux standard|tasa estándar|taxa padrão"),
        _f("overtime_rate", "Overtime rate", "text", "overtime rate|ovt rate|"
           "überstundensatz|taux heures sup"),
        _f("cost_per_use", "Cost per use", "text", "cost per use|cost use|kosten pro einsatz|"
           "coût par utilisation"),
        _f("accrue_at", "Accrue at", "text", "accrue at|fälligkeit|allocation"),
        _f("calendar", "Base calendar", "text", "base calendar|calendar|basiskalender|"
           "calendrier de base|calendario base"),
        _f("code", "Code", "text", "code"),
    ),
    ("resource", "ressource", "recurso"),
    ("name",),
    ("initials", "max_units", "standard_rate", "overtime_rate", "cost_per_use", "accrue_at",
     "calendar", "material_label"),
)  # fmt: skip

ASSIGNMENTS = SheetKind(
    "assignments",
    "assignment list",
    (
        _f("task_unique_id", "Task unique ID", "text", "task unique id|task uid"),
        _f("task_id", "Task ID", "text", "task id|task #"),
        _f("task_name", "Task name", "text", "task name|task|vorgangsname|nom de la tâche|"
           "nombre de tarea|nome da tarefa"),
        _f("resource_unique_id", "Resource unique ID", "text", "resource unique id|"
           "resource uid"),
        _f("resource_id", "Resource ID", "text", "resource id"),
        _f("resource_name", "Resource name", "text", "resource name|resource|ressourcenname|"
           "nom de la ressource|nombre del recurso|nome do recurso"),
        _f("units", "Units", "percent", "units|assignment units|einheiten|unités|unidades"),
        _f("work", "Work", "text", "work|arbeit|travail|trabajo|trabalho"),
        _f("start", "Start", "text", "start|anfang|début|comienzo|início"),
        _f("finish", "Finish", "text", "finish|ende|fin|fim"),
    ),
    ("assignment", "zuordnung", "affectation", "asignaci", "atribui"),
    ("resource_name", "resource_unique_id", "resource_id"),
    ("task_unique_id", "task_id", "task_name"),
)  # fmt: skip

# issue 20: the governance logs. Listed last, so that on equal scores the older kinds win;
# they need their name on the sheet or in a header (an action column, a power/interest grid).
ACTIONS = SheetKind(
    "actions",
    "action log",
    (
        _f("code", "Action ID", "text", _ID + "|action id|action no|action #|action ref"),
        _f("title", "Action", "text",
           "action|actions|action item|action items|action description|action required|"
           "next action|to do|todo|title|summary|subject|description|details|task|item|"
           "maßnahme|aktion|action à mener|acción|ação|acao"),
        _f("owner", "Owner", "text", _OWNER + "|action owner|actionee|action by"),
        _f("raised", "Raised", "date", _RAISED),
        _f("due", "Due", "date", "due|due date|due by|target date|target|deadline|by when|"
           "when|by|fällig|fällig am|termin|échéance|date limite|fecha límite|prazo"),
        _f("status", "Status", "text", _STATUS),
        _f("closed", "Closed", "date", "closed|closed on|date closed|completed|completed on|"
           "completion date|date completed|done on|actual completion|erledigt am"),
        _f("meeting", "Meeting", "text", "meeting|source meeting|raised at|meeting ref|"
           "meeting date|source|forum|besprechung|réunion|reunión|reunião"),
        _f("notes", "Notes", "text", _NOTES + "|update|updates|progress|latest update"),
    ),
    ("action", "maßnahme", "massnahme", "aktion", "acción", "accion", "ação", "acao", "to do",
     "todo"),
    ("title",),
    (),
)  # fmt: skip

STAKEHOLDERS = SheetKind(
    "stakeholders",
    "stakeholder register",
    (
        _f("code", "Stakeholder ID", "text", _ID + "|stakeholder id|stakeholder no|sh id"),
        _f("name", "Stakeholder", "text",
           "stakeholder|stakeholders|stakeholder name|name|full name|person|contact name|"
           "interessengruppe|partie prenante|parte interesada|parte interessada|nom|nombre|"
           "nome"),
        _f("role", "Role", "text", "role|position|job title|title|function|rolle|funktion|"
           "rôle|fonction|rol|cargo|função|funcao"),
        _f("organisation", "Organisation", "text",
           "organisation|organization|org|company|department|dept|business unit|division|"
           "group|unternehmen|abteilung|organisme|organización|organização|empresa"),
        _f("power", "Power", "text", "power|influence|authority|power influence|"
           "power / influence|level of influence|influence level|power level|einfluss|macht|"
           "pouvoir|influencia|poder|influência"),
        _f("interest", "Interest", "text", "interest|level of interest|interest level|"
           "interesse|intérêt|interés"),
        _f("attitude", "Attitude", "text", "attitude|support|support level|stance|"
           "engagement|engagement level|current engagement|sentiment|haltung|einstellung|"
           "actitud|atitude"),
        _f("needs", "Needs to know", "text", "communication needs|needs|information needs|"
           "requirements|expectations|key interests|interests|what they need|com plan|"
           "communication|erwartungen|besoins|necesidades|necessidades"),
        _f("contact", "Contact", "text", "contact|email|e mail|email address|phone|"
           "contact details|kontakt|contacto|contato"),
    ),
    ("stakeholder", "interessengruppe", "partie prenante", "parte interesada",
     "parte interessada"),
    ("name",),
    ("power", "interest", "attitude"),
)  # fmt: skip

MEETINGS = SheetKind(
    "meetings",
    "meeting log",
    (
        _f("code", "Meeting ID", "text", _ID + "|meeting id|meeting no|meeting #"),
        _f("title", "Meeting", "text", "meeting|meeting title|meeting name|subject|title|"
           "topic|name|besprechung|réunion|reunión|reunião"),
        _f("kind", "Type", "text", "type|meeting type|kind|category|art"),
        _f("held_on", "Date", "date", "date|meeting date|held on|held|datum|fecha|data"),
        _f("chair", "Chair", "text", "chair|chaired by|chairperson|facilitator|organiser|"
           "organizer|host|leitung"),
        _f("attendees", "Attendees", "text", "attendees|participants|present|invitees|"
           "teilnehmer|asistentes|participantes"),
        _f("minutes", "Minutes", "text", "minutes|notes|summary|discussion|protokoll|"
           "compte rendu|acta|ata"),
    ),
    ("meeting", "besprechung", "réunion", "reunion", "reunión", "reunião"),
    ("title",),
    (),
)  # fmt: skip

COMMUNICATION_PLAN = SheetKind(
    "communication_plan",
    "communication plan",
    (
        _f("code", "Communication ID", "text", _ID + "|comms id"),
        _f("content", "Communication", "text", "communication|what|content|message|report|"
           "deliverable|communication item|information|topic|item|kommunikation"),
        _f("audience", "Audience", "text", "audience|recipients|recipient|to|who|"
           "target audience|stakeholders|distribution|distribution list|empfänger|"
           "destinataires|audiencia|público"),
        _f("frequency", "Frequency", "text", "frequency|how often|when|cadence|häufigkeit|"
           "fréquence|frecuencia|frequência"),
        _f("channel", "Channel", "text", "channel|method|medium|format|how|vehicle|kanal|"
           "canal"),
        _f("owner", "Owner", "text", _OWNER + "|sender|from|prepared by"),
        _f("status_report", "Status report", "bool", "status report|is status report"),
        _f("notes", "Notes", "text", _NOTES),
    ),
    ("communication", "comms", "kommunikation", "comunicaci", "comunicaç"),
    ("content",),
    (),
)  # fmt: skip

HANDOVER = SheetKind(
    "handover",
    "acceptance checklist",
    (
        _f("code", "Item ID", "text", _ID),
        _f("title", "Acceptance item", "text", "acceptance item|item|criterion|criteria|"
           "requirement|check|checklist item|deliverable|title|description"),
        _f("category", "Category", "text", _CATEGORY + "|area"),
        _f("owner", "Owner", "text", _OWNER),
        _f("status", "Status", "text", _STATUS),
        _f("evidence", "Evidence", "text", "evidence|proof|link|document|nachweis|preuve|"
           "evidencia|evidência"),
        _f("signed_off_by", "Signed off by", "text", "signed off by|sign off by|signed by|"
           "accepted by|approved by|abgenommen von"),
        _f("signed_off_on", "Signed off", "date", "signed off on|signed off|sign off date|"
           "date signed|accepted on|approved on|abgenommen am"),
        _f("notes", "Notes", "text", _NOTES),
    ),
    ("handover", "hand over", "acceptance", "übergabe", "abnahme"),
    ("title",),
    (),
)  # fmt: skip

KINDS: tuple[SheetKind, ...] = (
    TASKS, RISKS, ISSUES, ASSUMPTIONS, DECISIONS, DEPENDENCIES, CHANGES, VENDORS, CONTRACTS,
    DELIVERIES, RESOURCES, ASSIGNMENTS, ACTIONS, STAKEHOLDERS, MEETINGS, COMMUNICATION_PLAN,
    HANDOVER,
)  # fmt: skip
# the governance logs (issue 20), read into the project's lists of the same names
GOVERNANCE_KINDS = ("actions", "stakeholders", "meetings", "communication_plan", "handover")
KIND_BY_KEY = {kind.key: kind for kind in KINDS}

IGNORE_HINTS: dict[str, str] = {
    "raci": "a RACI matrix",
    "dashboard": "a dashboard",
    "chart": "a chart",
    "instruction": "instructions",
    "readme": "instructions",
    "how to": "instructions",
    "lookup": "a lookup list",
    "lists": "a lookup list",
    "burndown": "a chart",
    "scorecard": "a scoring table",
    "matrix": "a matrix",
    "summary": "a summary",
    "cover": "a cover sheet",
    "roster": "a team roster",
    "contacts": "a contact list",
    "notes": "notes",
    "minutes": "meeting minutes",
}

def _words(text: str) -> frozenset[str]:
    return frozenset(normalise(word) for word in text.split("|"))


# Headers of a list of people (a team roster): who, their role and how to reach them.
PEOPLE_ROLE_WORDS = _words(
    "role|position|job title|function|department|team|title|responsibility|rolle|funktion|"
    "abteilung|rôle|fonction|rol|cargo|função|funcao"
)
PEOPLE_CONTACT_WORDS = _words(
    "email|e mail|email address|e mail address|mail|phone|telephone|tel|mobile|cell|"
    "phone number|telefon|handy|téléphone|telefono|teléfono|celular|location|office"
)
# Headers of an action-item list (the A of many RAID logs): the action text itself.
ACTION_WORDS = _words(
    "action|actions|action item|action items|action description|action required|"
    "next action|to do|todo|maßnahme|aktion|action à mener|acción|ação|acao"
)


@lru_cache(maxsize=4096)
def match_header(kind_key: str, header: str) -> tuple[str, int] | None:
    """The field a (normalised) header means for one sheet kind, with a match score.

    Score 3: the header is one of the field's words; 2: a word is the header's leading or
    trailing phrase ("Planned Start Date" ends with "start date"); 1: a word (of two letters
    or more) occurs in it as whole words.
    """
    if not header:
        return None
    kind = KIND_BY_KEY[kind_key]
    best: tuple[str, int, int] | None = None
    padded = f" {header} "
    for spec in kind.fields:
        for word in spec.words:
            if header == word:
                score = 3
            elif len(word) < 3:
                continue
            elif header.startswith(word + " ") or header.endswith(" " + word):
                score = 2
            elif f" {word} " in padded:
                score = 1
            else:
                continue
            candidate = (spec.key, score, len(word))
            if best is None or (score, len(word)) > (best[1], best[2]):
                best = candidate
    return (best[0], best[1]) if best else None


def any_match(header: str) -> bool:
    """Whether a header means something for any kind (used to find the header row)."""
    return any(match_header(kind.key, header) for kind in KINDS)


# MS Project's constraint type names (English, German, French, Spanish, Portuguese) and its
# numbers (0..7, as in MSPDI) -> the document's code.
_CONSTRAINT_NAMES: dict[str, str] = {
    "ASAP": "as soon as possible|so früh wie möglich|dès que possible|lo antes posible|"
    "o mais breve possível|가능한 한 빨리|0",
    "ALAP": "as late as possible|so spät wie möglich|le plus tard possible|"
    "lo más tarde posible|o mais tarde possível|가능한 한 늦게|1",
    "MSO": "must start on|muss anfangen am|muss beginnen am|doit commencer le|"
    "debe comenzar el|deve iniciar em|반드시 시작해야 하는 날짜|2",
    "MFO": "must finish on|muss enden am|doit finir le|doit se terminer le|debe finalizar el|"
    "deve terminar em|반드시 완료해야 하는 날짜|3",
    "SNET": "start no earlier than|anfang nicht früher als|début au plus tôt le|"
    "no comenzar antes del|não iniciar antes de|다음 날짜 이후에 시작|4",
    "SNLT": "start no later than|anfang nicht später als|début au plus tard le|"
    "no comenzar después del|não iniciar depois de|다음 날짜 이전에 시작|5",
    "FNET": "finish no earlier than|ende nicht früher als|fin au plus tôt le|"
    "no finalizar antes del|não terminar antes de|다음 날짜 이후에 완료|6",
    "FNLT": "finish no later than|ende nicht später als|fin au plus tard le|"
    "no finalizar después del|não terminar depois de|다음 날짜 이전에 완료|7",
}


@lru_cache(maxsize=1)
def _constraint_words() -> dict[str, str]:
    words = {normalise(code): code for code in _CONSTRAINT_NAMES}
    for code, names in _CONSTRAINT_NAMES.items():
        words.update((normalise(name), code) for name in names.split("|"))
    return words


def constraint_code(text: str) -> str | None:
    """The constraint type code (``SNET``) a cell names: the code itself, MS Project's name in
    one of the languages above, or its number 0..7; None when it names none."""
    return _constraint_words().get(normalise(text))


# MS Project's Task Mode values (issue 16, point 9) in the importer's languages: True for a
# manually scheduled task, False for an automatically scheduled one.
_TASK_MODES: dict[bool, str] = {
    True: "manually scheduled|manual|manually|manuell geplant|manuell|planifiée manuellement|"
    "planification manuelle|manuelle|manuel|programada manualmente|programado manualmente|"
    "agendada manualmente|agendado manualmente|수동 예약|수동으로 예약됨|수동",
    False: "auto scheduled|automatically scheduled|auto|automatic|automatisch geplant|"
    "automatisch|planifiée automatiquement|planification automatique|automatique|"
    "programada automáticamente|programado automáticamente|automático|automatico|"
    "agendada automaticamente|agendado automaticamente|자동 예약|자동으로 예약됨|자동",
}


@lru_cache(maxsize=1)
def _task_mode_words() -> dict[str, bool]:
    return {normalise(word): manual for manual, words in _TASK_MODES.items()
            for word in words.split("|")}  # fmt: skip


def task_mode_manual(text: str) -> bool | None:
    """Whether a Task Mode cell says manually scheduled (True) or auto scheduled (False);
    None when it names neither."""
    return _task_mode_words().get(normalise(text))
