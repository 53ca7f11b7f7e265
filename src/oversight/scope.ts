import type { ModuleScope, ScopeDimension } from '../modules/contract.ts';

/**
 * Whether a run's input falls inside what was authorised (pure). Each dimension the
 * authorisation names is checked; a value set compares case-insensitively, an area must hold the
 * input's whole extent in the same CRS. Returns the reasons a run is outside, naming what is
 * outside and what was authorised, or [] when it is inside.
 */
export function outsideScope(authorised: ModuleScope, input: ModuleScope): string[] {
  const reasons: string[] = [];
  for (const [key, allowed] of Object.entries(authorised)) {
    const given = input[key];
    if ('values' in allowed) {
      const ok = new Set(allowed.values.map((v) => v.toLowerCase()));
      const values = given && 'values' in given ? given.values : ['(not named)'];
      for (const v of values)
        if (!ok.has(v.toLowerCase()))
          reasons.push(
            `${allowed.label} '${v}' is outside the authorised scope: ${allowed.values.join(', ')}`,
          );
    } else {
      const a = allowed.box;
      const b = given && 'box' in given ? given.box : null;
      if (!b) reasons.push(`${allowed.label} is not stated, so it cannot be checked against ${boxText(a)}`);
      else if (b.crs !== a.crs || b.minX < a.minX || b.minY < a.minY || b.maxX > a.maxX || b.maxY > a.maxY)
        reasons.push(`${allowed.label} ${boxText(b)} is outside the authorised scope: ${boxText(a)}`);
    }
  }
  return reasons;
}

const boxText = (b: Extract<ScopeDimension, { box: unknown }>['box']) =>
  `x ${Math.round(b.minX)} to ${Math.round(b.maxX)}, y ${Math.round(b.minY)} to ${Math.round(b.maxY)} (${b.crs})`;

/** A scope in words, one line per dimension (for the system page). */
export function scopeLines(scope: ModuleScope): Array<{ label: string; text: string }> {
  return Object.values(scope).map((d) => ({
    label: d.label,
    text: 'values' in d ? d.values.join(', ') : boxText(d.box),
  }));
}
