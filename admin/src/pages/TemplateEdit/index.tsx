export default function P() { return <section><h1>TemplateEdit</h1></section>; }
