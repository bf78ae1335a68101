/** Language ids contributed in package.json. */
export const SCENARIO_LANGUAGE = 'interleave-scenario';
