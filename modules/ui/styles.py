"""The few styles Streamlit's theme does not cover: readable captions, lesson callouts and
glossary links."""

# Streamlit draws captions at 60 % opacity: 4.4:1 on white, below WCAG AA (axe-core reports it
# on every page with a caption), and quotations in a faded grey. Dark greys give 9.7:1 and
# 11:1.
BASE_CSS = """<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #4a4a4a !important; }
[data-testid="stMarkdownContainer"] blockquote,
[data-testid="stMarkdownContainer"] blockquote * {
  opacity: 1 !important; color: #3a3a3a !important; }
</style>"""

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
