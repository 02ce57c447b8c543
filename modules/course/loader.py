"""Reads content/, quizzes/ and case_vignettes/ into one Course, reporting every problem in one
pass; whatever is broken is left out so that the rest of the course still opens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from pydantic import TypeAdapter

from .language import LanguageChecker
from .markdown import CALLOUTS, LessonRenderer, callout_kinds, glossary_links, split_front_matter
from .model import Course
from .problems import Problem
from .questions import Question, QuestionBase
from .reading import ProblemCollector, SharedList, load_list
from .schema import (
    CourseModule,
    GlossaryTerm,
    Lesson,
    LessonFrontMatter,
    Misconception,
    PejorativeTerm,
    Reference,
    Strategy,
)
from .vignettes import Vignette, graph_problems, identifying_detail
from .yaml_source import Located, field_name

_QUESTION = TypeAdapter(Question)
_MODULE_FOLDER = re.compile(r"^(\d+)-([a-z][a-z0-9-]*)$")


@dataclass(frozen=True)
class LoadResult:
    course: Course
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def load_course(root: Path | str) -> LoadResult:
    """Load and check the course under `root` (the folder holding content/, quizzes/ and
    case_vignettes/). Never raises for bad content: problems come back in the result."""
    return _Loading(Path(root)).run()


@dataclass(frozen=True)
class _LoadedModule:
    module: CourseModule
    folder: Path
    rel: str
    source: Located


class _Loading:
    def __init__(self, root: Path) -> None:
        self.files = ProblemCollector(root)
        self.root = root

    def problem(self, path: str, line: int, field_: str, message: str) -> None:
        self.files.problem(path, line, field_, message)

    def run(self) -> LoadResult:
        if not (self.root / "content").is_dir():
            message = f"no content/ folder in {self.root} (check DBT_COURSE_CONTENT)"
            self.problem("content", 1, "(folder)", message)
            return LoadResult(Course(), tuple(self.files.problems))
        files = self.files
        language = load_list(files, "content/language.yaml", "pejorative", PejorativeTerm, "term")
        self.checker = LanguageChecker(language.entries.values())
        self.references = load_list(
            files, "content/references.yaml", "references", Reference, "key"
        )
        self.glossary = load_list(files, "content/glossary.yaml", "terms", GlossaryTerm, "id")
        self.misconceptions = load_list(
            files, "content/misconceptions.yaml", "misconceptions", Misconception, "id"
        )
        self.strategies = load_list(files, "content/strategies.yaml", "strategies", Strategy, "id")
        self.renderer = LessonRenderer(self.glossary.entries.values())
        self.check_shared_lists()

        modules = self.load_modules()
        lessons, html = self.load_lessons(modules)
        questions = self.load_quizzes(modules)
        vignettes = self.load_vignettes(modules)
        ordered = tuple(sorted((m.module for m in modules.values()), key=lambda m: m.order))
        course = Course(
            modules=ordered,
            lessons=MappingProxyType({m.id: lessons.get(m.id, ()) for m in ordered}),
            questions=MappingProxyType({m.id: questions.get(m.id, ()) for m in ordered}),
            lesson_html=MappingProxyType(html),
            glossary=tuple(sorted(self.glossary.entries.values(), key=lambda t: t.term.lower())),
            references=MappingProxyType(self.references.entries),
            misconceptions=MappingProxyType(self.misconceptions.entries),
            strategies=MappingProxyType(self.strategies.entries),
            vignettes=vignettes,
        )
        return LoadResult(course, tuple(sorted(set(self.files.problems))))

    # -- shared lists ----------------------------------------------------------------------------

    def check_cited(self, rel: str, line_of, keys: tuple[str, ...], field_: str) -> bool:
        """Every reference key cited exists; `line_of(i)` gives the line of the i-th key."""
        good = True
        for i, key in enumerate(keys):
            if not self.references.knows(key):
                self.problem(rel, line_of(i), f"{field_}[{i}]", f"unknown reference key '{key}'")
                good = False
        return good

    def check_shared_lists(self) -> None:
        """References cited by glossary terms and misconceptions exist; glossary names, aliases
        included, are unique; the shared lists speak of clients without judgement."""
        names: dict[str, str] = {}
        for shared in (self.references, self.glossary, self.misconceptions, self.strategies):
            if not shared.usable:
                continue
            for entry_id, entry in shared.entries.items():
                where = f"{shared.key}[{shared.index[entry_id]}]"
                location = shared.location(entry_id)
                sub = shared.source.sub(location)
                self.files.problems.extend(self.checker.check_yaml(sub, shared.rel, location))
                cited = getattr(entry, "references", None)
                if cited and shared is not self.references:
                    self.check_cited(
                        shared.rel, lambda i, e=entry_id, s=shared: s.line(e, "references", i),
                        cited, f"{where}.references",
                    )  # fmt: skip
                if isinstance(entry, GlossaryTerm):
                    for i, name in enumerate((entry.term, *entry.aliases)):
                        owner = names.setdefault(name.lower(), entry.id)
                        if owner == entry.id:
                            continue
                        sub_field = ("term",) if i == 0 else ("aliases", i - 1)
                        self.problem(
                            shared.rel, shared.line(entry_id, *sub_field),
                            where + (".term" if i == 0 else f".aliases[{i - 1}]"),
                            f"'{name}' is also a name of glossary term '{owner}'",
                        )  # fmt: skip

    # -- modules and lessons ---------------------------------------------------------------------

    def load_modules(self) -> dict[str, _LoadedModule]:
        modules: dict[str, _LoadedModule] = {}
        orders: dict[int, str] = {}
        for folder in sorted(p for p in (self.root / "content").iterdir() if p.is_dir()):
            path = folder / "module.yaml"
            rel = self.files.rel(path)
            source = self.files.read_yaml(path)
            module = source and self.files.validate(CourseModule, source, rel)
            if module is None or source is None:
                continue
            id_line = source.line_of(("id",))
            named = _MODULE_FOLDER.match(folder.name)
            if not named or named.group(2) != module.id:
                message = f"the folder should be named NN-{module.id} (it is '{folder.name}')"
                self.problem(rel, id_line, "id", message)
                continue
            if not self.files.claim_id(module.id, rel, id_line, "id"):
                continue
            if module.order in orders:
                message = f"order {module.order} is also used by module '{orders[module.order]}'"
                self.problem(rel, source.line_of(("order",)), "order", message)
            orders.setdefault(module.order, module.id)
            for i, objective in enumerate(module.objectives):
                line = source.line_of(("objectives", i))
                self.files.claim_id(objective.id, rel, line, f"objectives[{i}].id")
            self.files.problems.extend(self.checker.check_yaml(source, rel))
            modules[module.id] = _LoadedModule(module, folder, rel, source)
        self.check_prerequisites(modules)
        return modules

    def check_prerequisites(self, modules: dict[str, _LoadedModule]) -> None:
        for loaded in modules.values():
            for i, prerequisite in enumerate(loaded.module.prerequisites):
                if prerequisite not in modules:
                    line = loaded.source.line_of(("prerequisites", i))
                    message = f"unknown module '{prerequisite}'"
                    self.problem(loaded.rel, line, f"prerequisites[{i}]", message)
        state: dict[str, int] = {}  # 1 while visiting, 2 when done

        def visit(module_id: str, trail: list[str]) -> None:
            state[module_id] = 1
            for following in modules[module_id].module.prerequisites:
                if following not in modules:
                    continue
                if state.get(following) == 1:
                    cycle = " -> ".join([*trail[trail.index(following) :], following])
                    loaded = modules[module_id]
                    line = loaded.source.line_of(("prerequisites",))
                    message = f"prerequisites form a cycle: {cycle}"
                    self.problem(loaded.rel, line, "prerequisites", message)
                elif following not in state:
                    visit(following, [*trail, following])
            state[module_id] = 2

        for module_id in modules:
            if module_id not in state:
                visit(module_id, [module_id])

    def load_lessons(
        self, modules: dict[str, _LoadedModule]
    ) -> tuple[dict[str, tuple[Lesson, ...]], dict[str, str]]:
        lessons: dict[str, tuple[Lesson, ...]] = {}
        html: dict[str, str] = {}
        for module_id, loaded in modules.items():
            found = []
            for order, path in enumerate(sorted(loaded.folder.glob("*.md")), start=1):
                lesson = self.load_lesson(path, loaded.module, order)
                if lesson is not None:
                    found.append(lesson)
                    html[lesson.id] = self.renderer.render(lesson.body)
            lessons[module_id] = tuple(found)
        return lessons, html

    def load_lesson(self, path: Path, module: CourseModule, order: int) -> Lesson | None:
        rel = self.files.rel(path)
        text = self.files.read_text(path)
        if text is None:
            return None
        front = split_front_matter(text)
        if front is None:
            message = "a lesson must start with YAML front matter between '---' lines"
            self.problem(rel, 1, "(front matter)", message)
            return None
        source = self.files.parse(front.text, rel, front.first_line, "(front matter)")
        meta = source and self.files.validate(LessonFrontMatter, source, rel)
        if meta is None or source is None:
            return None
        good = True

        def bad(line: int, field_: str, message: str) -> None:
            nonlocal good
            self.problem(rel, line, field_, message)
            good = False

        if not meta.id.startswith(module.id + "."):
            bad(source.line_of(("id",)), "id", f"must start with the module id '{module.id}.'")
        objective_ids = {o.id for o in module.objectives}
        for i, objective in enumerate(meta.objectives):
            if objective not in objective_ids:
                message = f"'{objective}' is not an objective of module '{module.id}'"
                bad(source.line_of(("objectives", i)), f"objectives[{i}]", message)
        cited = meta.references
        good &= self.check_cited(
            rel, lambda i: source.line_of(("references", i)), cited, "references"
        )
        for line, term in glossary_links(front.body, front.body_line):
            if self.glossary.usable and self.renderer.glossary.find(term) is None:
                bad(line, "body", f"[[{term}]] is not a glossary term")
        for line, kind in callout_kinds(front.body, front.body_line):
            if kind not in CALLOUTS:
                bad(
                    line,
                    "body",
                    f"unknown callout '::: {kind}' (use one of: {', '.join(CALLOUTS)})",
                )
        self.files.problems.extend(self.checker.check_yaml(source, rel))
        self.files.problems.extend(
            self.checker.check_markdown(front.body, front.body_line, rel, "body")
        )
        if not good or not self.files.claim_id(meta.id, rel, source.line_of(("id",)), "id"):
            return None
        return Lesson(
            **meta.model_dump(), module=module.id, order=order, body=front.body,
            source=rel, body_line=front.body_line,
        )  # fmt: skip

    # -- question banks --------------------------------------------------------------------------

    def load_quizzes(
        self, modules: dict[str, _LoadedModule]
    ) -> dict[str, tuple[QuestionBase, ...]]:
        found: dict[str, list[QuestionBase]] = {}
        folder = self.root / "quizzes"
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            rel = self.files.rel(path)
            source = self.files.read_yaml(path)
            keys = {"module": str, "questions": list}
            if source is None or not self.files.mapping_with(source, rel, keys):
                continue
            module_id, line = source.data["module"], source.line_of(("module",))
            if module_id not in modules:
                message = f"unknown module '{module_id}' (or its module.yaml has problems)"
                self.problem(rel, line, "module", message)
                continue
            if path.stem != module_id:
                message = (
                    f"this bank is for module '{module_id}', so the file must be named "
                    f"{module_id}.yaml"
                )
                self.problem(rel, line, "module", message)
                continue
            module = modules[module_id].module
            for i in range(len(source.data["questions"])):
                question = self.load_question(source, rel, module, i)
                if question is not None:
                    found.setdefault(module_id, []).append(question)
        return {module_id: tuple(items) for module_id, items in found.items()}

    def load_question(
        self, source: Located, rel: str, module: CourseModule, index: int
    ) -> QuestionBase | None:
        location = ("questions", index)
        item = source.sub(location)
        self.files.problems.extend(self.checker.check_yaml(item, rel, location))
        question = self.files.validate(_QUESTION, item, rel, location)
        if question is None:
            return None
        where = f"questions[{index}]"
        good = True

        def bad(sub: tuple, field_: str, message: str) -> None:
            nonlocal good
            self.problem(rel, item.line_of(sub), f"{where}.{field_}", message)
            good = False

        if not question.id.startswith(module.id + "."):
            bad(("id",), "id", f"must start with the module id '{module.id}.'")
        if question.objective not in {o.id for o in module.objectives}:
            message = f"'{question.objective}' is not an objective of module '{module.id}'"
            bad(("objective",), "objective", message)
        cited = question.references
        line_of = lambda i: item.line_of(("references", i))  # noqa: E731
        good &= self.check_cited(rel, line_of, cited, f"{where}.references")
        for kind in ("options", "steps", "premises"):
            for i, choice in enumerate(getattr(question, kind, ())):
                misconception = getattr(choice, "misconception", None)
                if misconception and not self.misconceptions.knows(misconception):
                    field_ = f"{kind}[{i}].misconception"
                    bad(
                        (kind, i, "misconception"),
                        field_,
                        f"unknown misconception '{misconception}'",
                    )
                strategy = choice.tags.strategy
                if strategy and not self.strategies.knows(strategy):
                    field_ = f"{kind}[{i}].tags.strategy"
                    bad((kind, i, "tags", "strategy"), field_, f"unknown strategy '{strategy}'")
        line = item.line_of(("id",))
        if not good or not self.files.claim_id(question.id, rel, line, f"{where}.id"):
            return None
        return question

    def load_vignettes(self, modules: dict[str, _LoadedModule]) -> tuple[Vignette, ...]:
        folder = self.root / "case_vignettes"
        found = []
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            vignette = self.load_vignette(path, modules)
            if vignette is not None:
                found.append(vignette)
        return tuple(found)

    def load_vignette(self, path: Path, modules: dict[str, _LoadedModule]) -> Vignette | None:
        rel = self.files.rel(path)
        source = self.files.read_yaml(path)
        if source is None:
            return None
        self.files.problems.extend(self.checker.check_yaml(source, rel))
        self.files.problems.extend(fictional_problems(source, rel))
        vignette = self.files.validate(Vignette, source, rel)
        if vignette is None:
            return None
        good = True

        def bad(location: tuple, message: str) -> None:
            nonlocal good
            self.problem(rel, source.line_of(location), field_name(location), message)
            good = False

        if path.stem != vignette.id:
            bad(("id",), f"the file must be named {vignette.id}.yaml")
        for location, message in graph_problems(vignette):
            bad(location, message)
        objectives = {o.id for m in vignette.modules if m in modules
                      for o in modules[m].module.objectives}  # fmt: skip
        for i, module_id in enumerate(vignette.modules):
            if module_id not in modules:
                bad(
                    ("modules", i),
                    f"unknown module '{module_id}' (or its module.yaml has problems)",
                )
        for i, objective in enumerate(vignette.objectives):
            owner = objective.split(".", 1)[0]
            if owner not in vignette.modules:
                bad(
                    ("objectives", i),
                    f"'{objective}' belongs to a module the vignette does not list",
                )
            elif owner in modules and objective not in objectives:
                bad(("objectives", i), f"'{objective}' is not an objective of module '{owner}'")
        good &= self.check_cited(rel, lambda i: source.line_of(("references", i)),
                                 vignette.references, "references")  # fmt: skip
        for i, node in enumerate(vignette.nodes):
            for j, choice in enumerate(node.choices):
                at = ("nodes", i, "choices", j)
                if not self.strategies.knows(choice.strategy):
                    bad((*at, "strategy"), f"unknown strategy '{choice.strategy}'")
                if choice.misconception and not self.misconceptions.knows(choice.misconception):
                    bad((*at, "misconception"), f"unknown misconception '{choice.misconception}'")
        return vignette if good else None


def fictional_problems(source: Located, rel: str) -> list[Problem]:
    """Case material is fictional: flag text that looks like a real person's identifying detail."""
    problems = []

    def walk(data, location: tuple) -> None:
        if isinstance(data, dict):
            for key, value in data.items():
                walk(value, (*location, key))
        elif isinstance(data, list):
            for index, value in enumerate(data):
                walk(value, (*location, index))
        elif isinstance(data, str):
            for what in identifying_detail(data):
                message = f"looks like {what}; case material must stay fictional"
                problems.append(
                    Problem(rel, source.line_of(location), field_name(location), message)
                )

    walk(source.data, ())
    return problems


__all__ = ["LoadResult", "SharedList", "load_course"]
