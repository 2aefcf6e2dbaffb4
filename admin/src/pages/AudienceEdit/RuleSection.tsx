// The rule: the server's messages about it, the visual builder (or why it cannot show the rule),
// the JSON view, and the live estimate.
import { Notice } from "../../components/Notice";
import { EstimateLine } from "./EstimateLine";
import type { AudienceEditState } from "./model";
import { RuleBuilder } from "./RuleBuilder";
import { RuleJson } from "./RuleJson";

export function RuleSection({ model }: { model: AudienceEditState }) {
  const editor = model.rule;
  const issues = model.ruleIssues.value;
  const open = editor.jsonOpen.value;
  const canHide = editor.builderUsable.value;
  return (
    <section class="rule-section" aria-labelledby="rule-heading">
      <div class="section-head rule-head">
        <h2 id="rule-heading">Who is in it</h2>
        <button
          type="button"
          class="button subtle"
          data-testid="toggle-json"
          aria-expanded={open}
          aria-controls="rule-json-panel"
          disabled={open && !canHide}
          title={open && !canHide ? "The builder cannot show this rule" : undefined}
          onClick={() => editor.toggleJson()}
        >
          {open ? "Hide JSON" : "Show JSON"}
        </button>
      </div>
      {issues.length > 0 && (
        <Notice kind="error" testId="rule-issues">
          <p>The server found problems in the rule:</p>
          <ul>
            {issues.map((i) => (
              <li key={`${i.path}:${i.message}`} data-path={i.path}>
                {i.path && <code>{i.path}</code>}
                {i.path && ": "}
                {i.message}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      {canHide ? (
        <RuleBuilder editor={editor} audiences={model.others.value} issues={issues} />
      ) : (
        <Notice kind="info" testId="builder-unavailable">
          {editor.builderNote.value}
        </Notice>
      )}
      {open && <RuleJson editor={editor} />}
      <EstimateLine state={model.estimate.state.value} />
    </section>
  );
}
