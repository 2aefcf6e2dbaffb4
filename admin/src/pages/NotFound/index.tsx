// Any console URL that matches no page.
import { paths } from "../../lib/paths";

export default function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <a href={paths.home}>Back to offers</a>.
      </p>
    </section>
  );
}
