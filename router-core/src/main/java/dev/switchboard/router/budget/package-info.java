/**
 * Budgets: the per-service {@link dev.switchboard.router.budget.BudgetPolicy}, the period it
 * counts in, and the ledgers that hold spend (in memory, a journal file, or Redis from
 * router-redis) behind the {@link dev.switchboard.router.budget.BudgetLedger} interface.
 */
package dev.switchboard.router.budget;
