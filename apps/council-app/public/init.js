// govuk-frontend's JavaScript (a module), started without any inline script so the CSP stays strict.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();
