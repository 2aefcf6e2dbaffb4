export default function P() { return <section><h1>CustomActions</h1></section>; }
