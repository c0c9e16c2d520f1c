// How the kit's Python tests get a Python 3 on any machine: the one found, Debian's through
// apt-get when allowed (root, or sudo without a password), else a failure that says what to do.
import { describe, expect, it } from 'vitest';
import { planPython } from '../../../scripts/pythonPlan.mjs';

const machine = { python: undefined, isRoot: false, passwordlessSudo: false, hasAptGet: true };

describe('planPython', () => {
  it('uses the Python found', () => {
    expect(planPython({ ...machine, python: 'python3' })).toMatchObject({
      use: 'python3',
      install: [],
    });
  });

  it('installs Debian’s python3 as root, or through sudo without a password', () => {
    const root = planPython({ ...machine, isRoot: true });
    expect(root.install.at(-1)).toEqual([
      'env',
      'DEBIAN_FRONTEND=noninteractive',
      'apt-get',
      'install',
      '-y',
      '--no-install-recommends',
      'python3',
    ]);
    expect(planPython({ ...machine, passwordlessSudo: true }).install[0]!.slice(0, 2)).toEqual([
      'sudo',
      '-n',
    ]);
  });

  it('fails with what to install when it may not install', () => {
    for (const m of [machine, { ...machine, isRoot: true, hasAptGet: false }]) {
      const plan = planPython(m);
      expect(plan.use).toBeUndefined();
      expect(plan.install).toEqual([]);
      expect(plan.help).toMatch(/need Python 3\.9 or newer.*apt-get install -y python3/);
    }
  });
});
