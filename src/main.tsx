import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { defaultScenario } from './engine/scenario/default-scenario';
import { decodeScenario, encodeScenario } from './engine/scenario/url-codec';
import { createLabStore, LabStoreContext } from './store';
import { App } from './ui/app/App';
import { detectLanguage, LANGUAGE_STORAGE_KEY, loadCatalogue } from './ui/i18n';
import { connectLab } from './worker/engine-client';

function savedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

const { lab } = connectLab();
const language = detectLanguage(savedLanguage(), navigator.languages ?? [navigator.language]);
const store = createLabStore({
  lab,
  defaultScenario,
  decodeScenario,
  encodeScenario,
  language,
  loadGuide: (id) => import('./ui/guide/catalogue').then((m) => m.guideData(id)),
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <LabStoreContext.Provider value={store}>
        <App />
      </LabStoreContext.Provider>
    </StrictMode>,
  );
// A language other than English renders once its catalogue is in (no flash of English text).
loadCatalogue(language).then(render, render);
