/**
 * Roles from the College of Policing's "Suggested roles and responsibilities" for AI-enabled
 * tools, plus `admin` for user management. A role is held per force.
 */
export const ROLES = [
  'chief-constable',
  'ai-lead',
  'project-lead',
  'delivery-team',
  'product-manager',
  'it-team',
  'data-protection-officer',
  'information-security-officer',
  'head-of-information-security',
  'legal',
  'procurement',
  'analyst',
  'business-change',
  'hr',
  'officer',
  'ethics-committee',
  'oversight-board',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  'chief-constable': 'Chief constable',
  'ai-lead': 'AI lead',
  'project-lead': 'Project lead (senior responsible owner)',
  'delivery-team': 'Delivery team',
  'product-manager': 'Product manager (information asset owner)',
  'it-team': 'IT team',
  'data-protection-officer': 'Data protection officer',
  'information-security-officer': 'Information security officer',
  'head-of-information-security': 'Head of information security',
  legal: 'Legal team',
  procurement: 'Procurement',
  analyst: 'Analyst',
  'business-change': 'Business change',
  hr: 'HR',
  officer: 'Officer or staff member',
  'ethics-committee': 'Ethics committee',
  'oversight-board': 'Independent oversight board',
  admin: 'Administrator (user management)',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
