/** The scenario front end's line in the front-end table (frontends/index.ts). */
import { relinkByCompiling, type FrontEnd } from '../frontEnd';
import { parseScenario } from './index';

const SCENARIO_NAME = /^name\s*:/;

export const scenarioFrontEnd: FrontEnd = {
  id: 'scenario',
  runsCode: false,
  describes: 'a `.scenario.yaml` scenario',
  // The command line takes any YAML it is given; in a workspace, other YAML is none of our business.
  claims: (file, _text, editor) => (editor ? /\.scenario\.ya?ml$/i : /\.ya?ml$/i).test(file),
  nameLooksLike: (file) => /\.ya?ml$/i.test(file),
  // The text is what another thread needs: parsing is cheap, and runs no user code.
  compile(text, file) {
    const r = parseScenario(text, file);
    return r.program ? { ...r, portable: text } : r;
  },
  relink: relinkByCompiling(parseScenario, 'the scenario'),
  // Above the top-level `name:`, else the first line.
  lensLines(text) {
    const i = text.split(/\r?\n/).findIndex((l) => SCENARIO_NAME.test(l));
    return [i >= 0 ? i : 0];
  },
};
