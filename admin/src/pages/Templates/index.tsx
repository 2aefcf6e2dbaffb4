export default function P() { return <section><h1>Templates</h1></section>; }
