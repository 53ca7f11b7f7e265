/**
 * A counter this process moves on every ledger append (before the transaction commits). Readers
 * that cache what the ledger position implies, such as public pages, ask the database again
 * only when it has moved, or after a short time for appends made by other processes.
 */
let generation = 0;

export const ledgerGeneration = (): number => generation;

export function ledgerAppended(): void {
  generation++;
}
