// "Simulate": who would get which offers from this decision, and why. The server runs the saved
// configuration (unpublished changes included) for a profile or a new visitor, counting nothing.
import { Notice } from "../../components/Notice";
import { type Option, SelectField, TextAreaField, TextField } from "../../components/fields";
import { namespaceOptions } from "../Profiles/model";
import type { DecisionEditState } from "./model";
import type { SimField, SimWho } from "./simulate-input";
import { SimulationResult } from "./SimulationResult";

const WHO: Option[] = [
  { value: "visitor", label: "A new visitor (no profile)" },
  { value: "identity", label: "A profile, by identity" },
  { value: "profile", label: "A profile, by profile id" },
];

export function SimulatorPanel({ model }: { model: DecisionEditState }) {
  const d = model.sim.value;
  const field = model.simField.value;
  const errorOf = (f: SimField) => (field?.field === f ? field.message : undefined);
  const result = model.simResult.value;
  const update = model.updateSim;

  return (
    <section class="card simulator" id="simulator" aria-labelledby="simulator-heading" data-testid="simulator">
      <h2 id="simulator-heading">Simulate</h2>
      <p class="hint">
        Runs the <strong>saved</strong> decision, published or not, for one person, as the edge would: every candidate with its verdict, score and rank. Nothing is counted or
        stored.
      </p>
      {model.dirty.value && (
        <Notice kind="info" testId="simulator-unsaved">
          The form has unsaved changes: the simulator runs the decision as last saved.
        </Notice>
      )}
      <form
        noValidate
        aria-label="Simulation"
        onSubmit={(e) => {
          e.preventDefault();
          void model.simulate();
        }}
      >
        <div class="grid-3">
          <SelectField id="sim-who" label="Who" value={d.who} options={WHO} onChange={(v) => update({ who: v as SimWho })} />
          {d.who === "identity" && (
            <>
              <SelectField id="sim-namespace" label="Namespace" value={d.namespace} options={namespaceOptions(model.namespaces.value)} error={errorOf("namespace")} onChange={(namespace) => update({ namespace })} />
              <TextField id="sim-value" label="Identity value" value={d.value} placeholder={d.namespace === "email" ? "ada@example.com" : undefined} error={errorOf("value")} onInput={(value) => update({ value })} />
            </>
          )}
          {d.who === "profile" && <TextField id="sim-profile" label="Profile id" value={d.profileId} error={errorOf("profileId")} onInput={(profileId) => update({ profileId })} />}
        </div>
        <TextAreaField
          id="sim-attributes"
          label="What-if attributes (JSON)"
          code
          rows={3}
          value={d.attributes}
          hint={<>Assumed on top of the profile's own, such as <code>{'{ "tier": "gold" }'}</code>. Optional.</>}
          error={errorOf("attributes")}
          onInput={(attributes) => update({ attributes })}
        />
        <details class="sim-context" open={Boolean(d.url || d.userAgent || d.country || d.at)}>
          <summary>Request and time (optional)</summary>
          <div class="grid-2">
            <TextField id="sim-url" label="Page URL" type="url" value={d.url} placeholder="https://shop.example/garden?utm_campaign=spring" error={errorOf("url")} onInput={(url) => update({ url })} />
            <TextField id="sim-user-agent" label="User agent" value={d.userAgent} hint="Sets context.device; empty reads as a desktop browser." error={errorOf("userAgent")} onInput={(userAgent) => update({ userAgent })} />
            <TextField id="sim-country" label="Country" value={d.country} placeholder="FR" hint="Two letters (ISO 3166)." error={errorOf("country")} onInput={(country) => update({ country })} />
            <div class={errorOf("at") ? "field has-error" : "field"}>
              <label for="sim-at">Date and time</label>
              <input
                id="sim-at"
                type="datetime-local"
                value={d.at}
                aria-describedby="sim-at-hint"
                aria-invalid={errorOf("at") ? "true" : undefined}
                onInput={(e) => update({ at: e.currentTarget.value })}
              />
              <p class="hint" id="sim-at-hint">
                In your time zone; empty means now. Offer dates and caps are judged at this moment.
              </p>
              {errorOf("at") && <p class="field-error">{errorOf("at")}</p>}
            </div>
          </div>
        </details>
        <p class="actions">
          <button type="submit" class="button primary" data-testid="simulate" disabled={model.simulating.value}>
            {model.simulating.value ? "Simulating…" : "Simulate"}
          </button>
        </p>
      </form>
      {model.simError.value && (
        <Notice kind="error" testId="simulate-error">
          Could not simulate: {model.simError.value}
        </Notice>
      )}
      {result && (
        <SimulationResult
          result={result}
          stale={model.simStale.value}
          offerName={(oid) => model.offers.value.find((o) => o.id === oid)?.name ?? oid}
          collectionName={(cid) => model.collections.value.find((c) => c.id === cid)?.name ?? cid}
        />
      )}
    </section>
  );
}
