/**
 * The cell editor: CodeMirror 6 with TypeScript highlighting, history, bracket matching and Tab indentation;
 * Shift+Enter or Ctrl/Cmd+Enter runs the cell. Loaded on the first Edit only (its own chunk).
 * @packageDocumentation
 */
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, drawSelection, highlightActiveLine } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { javascript } from "@codemirror/lang-javascript";

/** What the page needs of an editor. */
export interface CellEditor {
  value(): string;
  focus(): void;
  destroy(): void;
}

/** An editor on `parent` holding `doc`. */
export function createEditor(
  parent: HTMLElement,
  doc: string,
  on: { change(source: string): void; run(): void },
  label: string,
): CellEditor {
  const run = () => {
    on.run();
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        javascript({ typescript: true }),
        keymap.of([
          { key: "Shift-Enter", run },
          { key: "Mod-Enter", run },
          indentWithTab,
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) on.change(u.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ "aria-label": label }),
      ],
    }),
  });
  return {
    value: () => view.state.doc.toString(),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
