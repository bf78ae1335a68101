/**
 * `npm start` keeps a person's VS Code settings: the settings it writes for its server keep
 * whatever the person set in an earlier session, and leave a file with comments untouched.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the test harness, with no declarations
import { userSettings } from '../../vscode/server.mjs';

describe('the settings npm start writes', () => {
  it('quiet defaults on a first start', () => {
    const s = JSON.parse(userSettings(undefined, false));
    expect(s['workbench.startupEditor']).toBe('none');
    expect(s['security.workspace.trust.enabled']).toBe(false);
  });

  it('a person\'s own settings survive the next start, defaults they changed included', () => {
    const before = JSON.stringify({ 'editor.fontSize': 18, 'workbench.colorTheme': 'Default Light Modern', 'workbench.startupEditor': 'welcomePage' });
    const s = JSON.parse(userSettings(before, false));
    expect(s['editor.fontSize']).toBe(18);
    expect(s['workbench.colorTheme']).toBe('Default Light Modern');
    expect(s['workbench.startupEditor']).toBe('welcomePage');
  });

  it('a settings file with comments is left as it is', () => {
    expect(userSettings('{\n  // mine\n  "editor.fontSize": 18\n}\n', false)).toBeUndefined();
  });
});
