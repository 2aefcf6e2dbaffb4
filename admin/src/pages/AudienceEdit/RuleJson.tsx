// The rule as JSON, for people who write it directly. It is the rule in force once edited.
import { TextAreaField } from "../../components/fields";
import type { RuleEditorState } from "./rule-editor";

export function RuleJson({ editor }: { editor: RuleEditorState }) {
  const parsed = editor.parsedText.value;
  return (
    <div class="rule-json" id="rule-json-panel">
      <TextAreaField
        id="rule-json"
        label="Rule as JSON"
        code
        rows={12}
        value={editor.text.value}
        hint={
          <>
            The audience language: see <code>docs/audiences.md</code>. Paths start with <code>profile.</code>, <code>identities.</code>, <code>consent.</code> or <code>context.</code>;{" "}
            <code>$event</code> and <code>$audience</code> test events and other audiences.
          </>
        }
        error={parsed.ok ? undefined : parsed.message}
        onInput={editor.setText}
      />
      <p class="actions tight">
        <button type="button" class="button subtle" data-testid="rule-json-format" disabled={!parsed.ok} onClick={() => editor.reformat()}>
          Format JSON
        </button>
      </p>
    </div>
  );
}
