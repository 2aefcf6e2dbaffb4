export default function P() { return <section><h1>Providers</h1></section>; }
