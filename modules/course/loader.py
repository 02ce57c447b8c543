"""Reads content/, quizzes/ and case_vignettes/ into one Course, reporting every problem in one
pass; whatever is broken is left out so that the rest of the course still opens."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .language import LanguageChecker
from .markdown import CALLOUTS, LessonRenderer, callout_kinds, glossary_links, split_front_matter
from .model import Course
from .problems import Problem
from .questions import Question, QuestionBase
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
from .yaml_source import Located, YamlSyntaxError, parse_yaml, validation_problems

M = TypeVar("M", bound=BaseModel)

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


@dataclass
class _Loading:
    root: Path
    problems: list[Problem] = field(default_factory=list)
    course_ids: dict[str, str] = field(default_factory=dict)  # id -> where it was first defined
    entry_lines: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    checker: LanguageChecker = field(default_factory=lambda: LanguageChecker(()))

    # -- reading files ---------------------------------------------------------------------------

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def problem(self, path: str, line: int, field_: str, message: str) -> None:
        self.problems.append(Problem(path, line, field_, message))

    def read_text(self, path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            self.problem(self.rel(path), 1, "(file)", f"not UTF-8 text ({error.reason})")
        except OSError as error:
            self.problem(self.rel(path), 1, "(file)", f"cannot be read ({error.strerror})")
        return None

    def read_yaml(self, path: Path, required: bool = True) -> Located | None:
        if not path.exists():
            if required:
                self.problem(self.rel(path), 1, "(file)", "file is missing")
            return None
        text = self.read_text(path)
        if text is None:
            return None
        try:
            return parse_yaml(text)
        except YamlSyntaxError as error:
            self.problem(self.rel(path), error.line, "(file)", error.message)
            return None

    def mapping_with(self, source: Located, path: Path, keys: dict[str, type]) -> bool:
        """Check a file's top level: a mapping with exactly these keys, of these types."""
        rel = self.rel(path)
        if not isinstance(source.data, dict):
            expected = ", ".join(f"'{k}:'" for k in keys)
            self.problem(rel, source.first_line, "(file)", f"expected a mapping with {expected}")
            return False
        good = True
        for key in source.data:
            if key not in keys:
                self.problem(rel, source.line_of((key,)), str(key), "unknown field")
                good = False
        for key, kind in keys.items():
            if key not in source.data:
                self.problem(rel, source.first_line, key, "required field is missing")
                good = False
            elif not isinstance(source.data[key], kind):
                what = "a list" if kind is list else "text"
                self.problem(rel, source.line_of((key,)), key, f"must be {what}")
                good = False
        return good

    def validate(
        self, model: type[M] | TypeAdapter, source: Located, rel: str, prefix: tuple = ()
    ) -> M | None:
        try:
            if isinstance(model, TypeAdapter):
                return model.validate_python(source.data)
            return model.model_validate(source.data)
        except ValidationError as error:
            self.problems.extend(validation_problems(error, source, rel, prefix))
            return None

    def claim_id(self, item_id: str, rel: str, line: int, field_: str) -> bool:
        """Course ids (modules, objectives, lessons, questions) are unique across the course."""
        if item_id in self.course_ids:
            self.problem(
                rel, line, field_, f"id '{item_id}' is already used at {self.course_ids[item_id]}"
            )
            return False
        self.course_ids[item_id] = f"{rel}:{line}"
        return True

    def load_list(
        self, rel_path: str, key: str, model: type[M], id_field: str, check_language: bool = True
    ) -> dict[str, M]:
        """A shared list file (references, glossary, ...), each entry validated on its own."""
        path = self.root / rel_path
        source = self.read_yaml(path)
        if source is None or not self.mapping_with(source, path, {key: list}):
            return {}
        entries: dict[str, M] = {}
        for index in range(len(source.data[key])):
            location = (key, index)
            entry = self.validate(model, source.sub(location), rel_path, location)
            if entry is None:
                continue
            entry_id = getattr(entry, id_field)
            if entry_id in entries:
                self.problem(
                    rel_path,
                    source.line_of(location),
                    f"{key}[{index}].{id_field}",
                    f"'{entry_id}' appears twice",
                )
                continue
            entries[entry_id] = entry
            self.entry_lines[(rel_path, entry_id)] = (source.line_of(location), f"{key}[{index}]")
            if check_language:
                self.problems.extend(self.checker.check_yaml(source.sub(location), rel_path))
        return entries

    # -- the whole course ------------------------------------------------------------------------

    def run(self) -> LoadResult:
        if not (self.root / "content").is_dir():
            self.problem(
                "content",
                1,
                "(folder)",
                f"no content/ folder in {self.root} (check DBT_COURSE_CONTENT)",
            )
            return LoadResult(Course(), tuple(self.problems))
        language = self.load_list(
            "content/language.yaml", "pejorative", PejorativeTerm, "term", check_language=False
        )
        self.checker = LanguageChecker(language.values())
        references = self.load_list("content/references.yaml", "references", Reference, "key")
        glossary = self.load_list("content/glossary.yaml", "terms", GlossaryTerm, "id")
        misconceptions = self.load_list(
            "content/misconceptions.yaml", "misconceptions", Misconception, "id"
        )
        strategies = self.load_list("content/strategies.yaml", "strategies", Strategy, "id")
        self.references, self.glossary = references, glossary
        self.misconceptions, self.strategies = misconceptions, strategies
        self.renderer = LessonRenderer(glossary.values())
        self.check_shared_lists()

        modules = self.load_modules()
        lessons, html = self.load_lessons(modules)
        questions = self.load_quizzes(modules)
        self.load_vignettes()
        ordered = tuple(sorted(modules.values(), key=lambda m: m.order))
        course = Course(
            modules=ordered,
            lessons=MappingProxyType({m.id: lessons.get(m.id, ()) for m in ordered}),
            questions=MappingProxyType({m.id: questions.get(m.id, ()) for m in ordered}),
            lesson_html=MappingProxyType(html),
            glossary=tuple(sorted(glossary.values(), key=lambda t: t.term.lower())),
            references=MappingProxyType(references),
            misconceptions=MappingProxyType(misconceptions),
            strategies=MappingProxyType(strategies),
        )
        return LoadResult(course, tuple(sorted(set(self.problems))))

    def unknown_references(self, keys: tuple[str, ...]) -> list[str]:
        return [key for key in keys if key not in self.references]

    def check_shared_lists(self) -> None:
        """Cited references exist; glossary names and aliases are unique."""
        names: dict[str, str] = {}
        for rel, entries in (
            ("content/glossary.yaml", self.glossary),
            ("content/misconceptions.yaml", self.misconceptions),
        ):
            for entry_id, entry in entries.items():
                line, where = self.entry_lines[(rel, entry_id)]
                for key in entry.references:
                    if key not in self.references:
                        self.problem(
                            rel, line, f"{where}.references", f"unknown reference key '{key}'"
                        )
                if isinstance(entry, GlossaryTerm):
                    for name in (entry.term, *entry.aliases):
                        owner = names.setdefault(name.lower(), entry.id)
                        if owner != entry.id:
                            self.problem(
                                rel,
                                line,
                                f"{where}.term",
                                f"'{name}' is also a name of glossary term '{owner}'",
                            )

    def load_modules(self) -> dict[str, CourseModule]:
        modules: dict[str, CourseModule] = {}
        self.module_folders: dict[str, Path] = {}
        orders: dict[int, str] = {}
        for folder in sorted(p for p in (self.root / "content").iterdir() if p.is_dir()):
            path = folder / "module.yaml"
            rel = self.rel(path)
            source = self.read_yaml(path)
            if source is None:
                continue
            module = self.validate(CourseModule, source, rel)
            if module is None:
                continue
            named = _MODULE_FOLDER.match(folder.name)
            if not named or named.group(2) != module.id:
                self.problem(
                    rel,
                    source.line_of(("id",)),
                    "id",
                    f"the folder should be named NN-{module.id} (it is '{folder.name}')",
                )
                continue
            if not self.claim_id(module.id, rel, source.line_of(("id",)), "id"):
                continue
            if module.order in orders:
                self.problem(
                    rel,
                    source.line_of(("order",)),
                    "order",
                    f"order {module.order} is also used by module '{orders[module.order]}'",
                )
            orders.setdefault(module.order, module.id)
            for index, objective in enumerate(module.objectives):
                self.claim_id(
                    objective.id,
                    rel,
                    source.line_of(("objectives", index)),
                    f"objectives[{index}].id",
                )
            self.problems.extend(self.checker.check_yaml(source, rel))
            modules[module.id] = module
            self.module_folders[module.id] = folder
        self.check_prerequisites(modules)
        return modules

    def check_prerequisites(self, modules: dict[str, CourseModule]) -> None:
        for module in modules.values():
            rel = self.rel(self.module_folders[module.id] / "module.yaml")
            for index, prerequisite in enumerate(module.prerequisites):
                if prerequisite not in modules:
                    self.problem(
                        rel, 1, f"prerequisites[{index}]", f"unknown module '{prerequisite}'"
                    )
        # a cycle of prerequisites would leave no module to start with
        state: dict[str, int] = {}

        def visit(module_id: str, trail: list[str]) -> None:
            state[module_id] = 1
            for nxt in modules[module_id].prerequisites:
                if nxt not in modules:
                    continue
                if state.get(nxt) == 1:
                    cycle = " -> ".join([*trail[trail.index(nxt) :], nxt])
                    rel = self.rel(self.module_folders[module_id] / "module.yaml")
                    self.problem(rel, 1, "prerequisites", f"prerequisites form a cycle: {cycle}")
                elif nxt not in state:
                    visit(nxt, [*trail, nxt])
            state[module_id] = 2

        for module_id in modules:
            if module_id not in state:
                visit(module_id, [module_id])

    def load_lessons(
        self, modules: dict[str, CourseModule]
    ) -> tuple[dict[str, tuple[Lesson, ...]], dict[str, str]]:
        lessons: dict[str, tuple[Lesson, ...]] = {}
        html: dict[str, str] = {}
        for module_id, folder in self.module_folders.items():
            module = modules[module_id]
            found = []
            for order, path in enumerate(sorted(folder.glob("*.md")), start=1):
                lesson = self.load_lesson(path, module, order)
                if lesson is not None:
                    found.append(lesson)
                    html[lesson.id] = self.renderer.render(lesson.body)
            lessons[module_id] = tuple(found)
        return lessons, html

    def load_lesson(self, path: Path, module: CourseModule, order: int) -> Lesson | None:
        rel = self.rel(path)
        text = self.read_text(path)
        if text is None:
            return None
        front = split_front_matter(text)
        if front is None:
            self.problem(
                rel,
                1,
                "(front matter)",
                "a lesson must start with YAML front matter between '---' lines",
            )
            return None
        try:
            source = parse_yaml(front.text, first_line=front.first_line)
        except YamlSyntaxError as error:
            self.problem(rel, error.line, "(front matter)", error.message)
            return None
        meta = self.validate(LessonFrontMatter, source, rel)
        if meta is None:
            return None
        good = True
        if not meta.id.startswith(module.id + "."):
            self.problem(
                rel, source.line_of(("id",)), "id", f"must start with the module id '{module.id}.'"
            )
            good = False
        objective_ids = {o.id for o in module.objectives}
        for index, objective in enumerate(meta.objectives):
            if objective not in objective_ids:
                self.problem(
                    rel,
                    source.line_of(("objectives", index)),
                    f"objectives[{index}]",
                    f"'{objective}' is not an objective of module '{module.id}'",
                )
                good = False
        for index, key in enumerate(meta.references):
            if key not in self.references:
                self.problem(
                    rel,
                    source.line_of(("references", index)),
                    f"references[{index}]",
                    f"unknown reference key '{key}'",
                )
                good = False
        for line, term in glossary_links(front.body, front.body_line):
            if self.renderer.glossary.find(term) is None:
                self.problem(rel, line, "body", f"[[{term}]] is not a glossary term")
                good = False
        for line, kind in callout_kinds(front.body, front.body_line):
            if kind not in CALLOUTS:
                known = ", ".join(CALLOUTS)
                self.problem(
                    rel, line, "body", f"unknown callout '::: {kind}' (use one of: {known})"
                )
                good = False
        self.problems.extend(self.checker.check_yaml(source, rel))
        self.problems.extend(self.checker.check_markdown(front.body, front.body_line, rel, "body"))
        if not good or not self.claim_id(meta.id, rel, source.line_of(("id",)), "id"):
            return None
        return Lesson(
            **meta.model_dump(),
            module=module.id,
            order=order,
            body=front.body,
            source=rel,
            body_line=front.body_line,
        )

    def load_quizzes(self, modules: dict[str, CourseModule]) -> dict[str, tuple[QuestionBase, ...]]:
        found: dict[str, list[QuestionBase]] = {}
        folder = self.root / "quizzes"
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            rel = self.rel(path)
            source = self.read_yaml(path)
            if source is None or not self.mapping_with(
                source, path, {"module": str, "questions": list}
            ):
                continue
            module = modules.get(source.data["module"])
            if module is None:
                self.problem(
                    rel,
                    source.line_of(("module",)),
                    "module",
                    f"unknown module '{source.data['module']}' (or its module.yaml has problems)",
                )
                continue
            if path.stem != module.id:
                self.problem(
                    rel,
                    source.line_of(("module",)),
                    "module",
                    f"a module's question bank is named {module.id}.yaml",
                )
                continue
            for index in range(len(source.data["questions"])):
                question = self.load_question(source, rel, module, index)
                if question is not None:
                    found.setdefault(module.id, []).append(question)
        return {module_id: tuple(items) for module_id, items in found.items()}

    def load_question(
        self, source: Located, rel: str, module: CourseModule, index: int
    ) -> QuestionBase | None:
        location = ("questions", index)
        item = source.sub(location)
        self.problems.extend(self.checker.check_yaml(item, rel))
        question = self.validate(_QUESTION, item, rel, location)
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
            bad(
                ("objective",),
                "objective",
                f"'{question.objective}' is not an objective of module '{module.id}'",
            )
        for i, key in enumerate(question.references):
            if key not in self.references:
                bad(("references", i), f"references[{i}]", f"unknown reference key '{key}'")
        for kind in ("options", "steps", "premises"):
            for i, choice in enumerate(getattr(question, kind, ())):
                misconception = getattr(choice, "misconception", None)
                if misconception and misconception not in self.misconceptions:
                    bad(
                        (kind, i, "misconception"),
                        f"{kind}[{i}].misconception",
                        f"unknown misconception '{misconception}'",
                    )
                strategy = choice.tags.strategy
                if strategy and strategy not in self.strategies:
                    bad(
                        (kind, i, "tags", "strategy"),
                        f"{kind}[{i}].tags.strategy",
                        f"unknown strategy '{strategy}'",
                    )
        if not good or not self.claim_id(question.id, rel, item.line_of(("id",)), f"{where}.id"):
            return None
        return question

    def load_vignettes(self) -> None:
        folder = self.root / "case_vignettes"
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            self.problem(
                self.rel(path),
                1,
                "(file)",
                "case vignettes are not read yet (their format arrives with 'Vignettes 1')",
            )
