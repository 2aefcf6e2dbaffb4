export default function P() { return <section><h1>FragmentEdit</h1></section>; }
