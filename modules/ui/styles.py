"""The few styles Streamlit's theme does not cover: lesson callouts and glossary links."""

LESSON_CSS = """
<style>
.lesson-body { font-size: 1.05rem; line-height: 1.65; max-width: 46rem; }
.lesson-body h1 { font-size: 1.7rem; margin-top: 0.2rem; }
.lesson-body h2 { font-size: 1.35rem; margin-top: 1.6rem; }
.lesson-body a.glossary-term { text-decoration: underline dotted; text-underline-offset: 3px; }
.lesson-body .callout { border-left: 5px solid #2f6b6f; background: #eef4f2;
  padding: 0.6rem 1rem; margin: 1.2rem 0; border-radius: 4px; }
.lesson-body .callout-caution { border-left-color: #9a5b00; background: #fbf3e4; }
.lesson-body .callout-example { border-left-color: #4d5b8a; background: #eef0f7; }
.lesson-body .callout-title { font-weight: 700; margin: 0 0 0.3rem 0; }
</style>
"""
