// Entry point: routes of the console, each page loaded on first visit.
import { render } from "preact";
import { ErrorBoundary, LocationProvider, Route, Router, lazy } from "preact-iso";
import { CrashGuard } from "./components/CrashGuard";
import { Shell } from "./components/Shell";
import { paths } from "./lib/paths";
import "./styles.css";

const SignIn = lazy(() => import("./pages/SignIn"));
const Offers = lazy(() => import("./pages/Offers"));
const OfferEdit = lazy(() => import("./pages/OfferEdit"));
const Audiences = lazy(() => import("./pages/Audiences"));
const AudienceEdit = lazy(() => import("./pages/AudienceEdit"));
const Collections = lazy(() => import("./pages/Collections"));
const CollectionEdit = lazy(() => import("./pages/CollectionEdit"));
const Decisions = lazy(() => import("./pages/Decisions"));
const DecisionEdit = lazy(() => import("./pages/DecisionEdit"));
const Journeys = lazy(() => import("./pages/Journeys"));
const JourneyEdit = lazy(() => import("./pages/JourneyEdit"));
const Placements = lazy(() => import("./pages/Placements"));
const Publications = lazy(() => import("./pages/Publications"));
const Profiles = lazy(() => import("./pages/Profiles"));
const Schemas = lazy(() => import("./pages/Schemas"));
const Settings = lazy(() => import("./pages/Settings"));
const Campaigns = lazy(() => import("./pages/Campaigns"));
const CampaignEdit = lazy(() => import("./pages/CampaignEdit"));
const Outbox = lazy(() => import("./pages/Outbox"));
const Templates = lazy(() => import("./pages/Templates"));
const TemplateEdit = lazy(() => import("./pages/TemplateEdit"));
const FragmentEdit = lazy(() => import("./pages/FragmentEdit"));
const Providers = lazy(() => import("./pages/Providers"));
const CustomActions = lazy(() => import("./pages/CustomActions"));
const NotFound = lazy(() => import("./pages/NotFound"));

export function App() {
  return (
    <ErrorBoundary onError={(err) => console.error("Console crashed", err)}>
      <LocationProvider scope={paths.base}>
        <Shell>
          <CrashGuard>
            <Router>
              <Route path={paths.signIn} component={SignIn} />
              <Route path={paths.home} component={Offers} />
              {/* Before the :id route, so "new" is never read as an offer id. */}
              <Route path={paths.newOffer} component={OfferEdit} />
              <Route path={paths.offerRoute} component={OfferEdit} />
              <Route path={paths.audiences} component={Audiences} />
              <Route path={paths.newAudience} component={AudienceEdit} />
              <Route path={paths.audienceRoute} component={AudienceEdit} />
              <Route path={paths.collections} component={Collections} />
              <Route path={paths.newCollection} component={CollectionEdit} />
              <Route path={paths.collectionRoute} component={CollectionEdit} />
              <Route path={paths.decisions} component={Decisions} />
              <Route path={paths.newDecision} component={DecisionEdit} />
              <Route path={paths.decisionRoute} component={DecisionEdit} />
              <Route path={paths.journeys} component={Journeys} />
              <Route path={paths.journeyRoute} component={JourneyEdit} />
              <Route path={paths.placements} component={Placements} />
              <Route path={paths.publications} component={Publications} />
              <Route path={paths.profiles} component={Profiles} />
              <Route path={paths.schemas} component={Schemas} />
              <Route path={paths.settings} component={Settings} />
              <Route path={paths.campaigns} component={Campaigns} />
              <Route path={paths.newCampaign} component={CampaignEdit} />
              <Route path={paths.campaignRoute} component={CampaignEdit} />
              <Route path={paths.outbox} component={Outbox} />
              <Route path={paths.templates} component={Templates} />
              <Route path={paths.newTemplate} component={TemplateEdit} />
              <Route path={paths.templateRoute} component={TemplateEdit} />
              <Route path={paths.newFragment} component={FragmentEdit} />
              <Route path={paths.fragmentRoute} component={FragmentEdit} />
              <Route path={paths.providers} component={Providers} />
              <Route path={paths.customActions} component={CustomActions} />
              <Route default component={NotFound} />
            </Router>
          </CrashGuard>
        </Shell>
      </LocationProvider>
    </ErrorBoundary>
  );
}

render(<App />, document.getElementById("app")!);
