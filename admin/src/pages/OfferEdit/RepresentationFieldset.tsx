// One representation of an offer: what it shows in one placement.
import { type Option, SelectField, TextAreaField, TextField } from "../../components/fields";
import { FORMATS, type Format, type Placement } from "../../lib/types";
import type { RepDraft } from "./draft";
import type { SampleProfile } from "./preview";
import { RepresentationPreview } from "./RepresentationPreview";

const CONTENT_HINTS: Record<Format, string> = {
  html: "An HTML fragment, inserted into the placement.",
  text: "Plain text.",
  image: "The image URL.",
  json: "A JSON document, for apps and code placements.",
};

type Props = {
  rep: RepDraft;
  index: number;
  placements: Placement[];
  /** Placements other rows already use: an offer has at most one representation per placement. */
  taken: Set<string>;
  errors: Record<string, string>;
  canRemove: boolean;
  /** The sample profile the preview fills tokens from. */
  sample: SampleProfile;
  onChange: (patch: Partial<RepDraft>) => void;
  onRemove: () => void;
};

export function RepresentationFieldset({ rep, index, placements, taken, errors, canRemove, sample, onChange, onRemove }: Props) {
  const id = (field: string) => `rep-${rep.key}-${field}`;
  const error = (field: string) => errors[`representations.${index}.${field}`];

  const options: Option[] = placements.map((p) => ({
    value: p.id,
    label: p.name && p.name !== p.id ? `${p.name} (${p.id})` : p.id,
    disabled: taken.has(p.id),
  }));
  if (!rep.placement) options.unshift({ value: "", label: "Choose a placement", disabled: true });
  else if (!placements.some((p) => p.id === rep.placement)) options.push({ value: rep.placement, label: `${rep.placement} (unknown)` });

  function choosePlacement(value: string) {
    const placement = placements.find((p) => p.id === value);
    // An untouched row follows the placement's usual format; typed content keeps its format.
    onChange(placement && !rep.content ? { placement: value, format: placement.format } : { placement: value });
  }

  return (
    <fieldset class="representation" data-testid={`representation-${rep.placement || index}`}>
      <legend>
        Representation {index + 1}
        {rep.placement && <span class="muted"> for {rep.placement}</span>}
      </legend>
      <div class="grid-2">
        <SelectField id={id("placement")} testId="rep-placement" label="Placement" value={rep.placement} options={options} error={error("placement")} onChange={choosePlacement} />
        <SelectField id={id("format")} testId="rep-format" label="Format" value={rep.format} options={FORMATS} error={error("format")} onChange={(v) => onChange({ format: v as Format })} />
      </div>
      <TextAreaField
        id={id("content")}
        testId="rep-content"
        label="Content"
        code={rep.format !== "text"}
        rows={6}
        value={rep.content}
        hint={CONTENT_HINTS[rep.format]}
        error={error("content")}
        onInput={(v) => onChange({ content: v })}
      />
      <div class="grid-2">
        <TextField id={id("link")} testId="rep-link" label="Link" value={rep.link} hint="Where a click goes: an http(s) URL or a path like /sale. Optional." error={error("link")} onInput={(v) => onChange({ link: v })} />
        <TextField id={id("alt")} testId="rep-alt" label="Alt text" value={rep.alt} hint="Describes an image. Optional." error={error("alt")} onInput={(v) => onChange({ alt: v })} />
      </div>
      <div class="preview-block" role="group" aria-labelledby={id("preview-heading")}>
        <h3 id={id("preview-heading")}>Preview{rep.placement ? ` in ${rep.placement}` : ""}</h3>
        <RepresentationPreview
          format={rep.format}
          content={rep.content}
          link={rep.link}
          alt={rep.alt}
          sample={sample}
          label={`Preview of representation ${index + 1}${rep.placement ? ` for ${rep.placement}` : ""}`}
          testId="rep-preview"
        />
      </div>
      {errors[`representations.${index}`] && <p class="field-error">{errors[`representations.${index}`]}</p>}
      {canRemove && (
        <button type="button" class="button subtle" onClick={onRemove}>
          Remove representation {index + 1}
        </button>
      )}
    </fieldset>
  );
}
