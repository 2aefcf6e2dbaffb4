// A jump: the profile goes on in another live journey (loops between journeys are refused at publish).
import { SelectField, type Option } from "../../components/fields";
import { fieldId } from "./dom-ids";
import type { FieldsProps } from "./panel-kit";

export function JumpFields({ model, id, node, errorAt, change }: FieldsProps<"jump">) {
  const others = model.journeys.value.filter((j) => j.id !== model.journey.value?.id);
  const options: Option[] = others.map((j) => ({ value: j.id, label: `${j.name} (${j.id})${j.live === null ? ", not live" : ""}` }));
  if (!node.journey) options.unshift({ value: "", label: "Choose a journey", disabled: true });
  else if (!others.some((j) => j.id === node.journey)) options.push({ value: node.journey, label: `${node.journey} (unknown)` });
  return (
    <SelectField
      id={fieldId(id, "journey")}
      label="Journey"
      value={node.journey}
      options={options}
      hint="Only a live journey can be jumped to."
      error={errorAt("journey")}
      onChange={(journey) => change({ ...node, journey })}
    />
  );
}
