using System.Globalization;
using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Adds up model usage per agent, workflow and model per day and month, durably, and holds calls to their budgets.</summary>
/// <remarks>
/// Totals are memory facts (entity <c>cost/agent/{name}</c>, <c>cost/workflow/{name}</c> or <c>cost/model/{id}</c>, attribute
/// <c>usage/day/yyyy-MM-dd</c> or <c>usage/month/yyyy-MM</c>), so budgets hold across restarts and shells can read the figures.
/// A call's estimate is reserved before it is made, so concurrent calls cannot overrun a budget together.
/// </remarks>
internal sealed class UsageLedger
{
    private const string AgentSubject = "agent";
    private const string WorkflowSubject = "workflow";
    private const string ModelSubject = "model";
    private const int MaxWriteAttempts = 8;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly MemoryStore _memory;
    private readonly TimeProvider _timeProvider;
    private readonly IEffectivePolicySource _policy;

    public UsageLedger(MemoryStore memory, TimeProvider timeProvider, IEffectivePolicySource policy)
    {
        _memory = memory;
        _timeProvider = timeProvider;
        _policy = policy;
    }

    public static string EntityOf(string subject, string name) => $"cost/{subject}/{name}";

    public async Task<BudgetCheck> TryReserveAsync(string agent, string workflow, long tokens, decimal cost, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        var covering = new List<(ModelBudget Budget, string Account)>();
        foreach (ModelBudget budget in _policy.Current.Budgets)
        {
            (string subject, string name) = budget.Scope == BudgetScope.Agent ? (AgentSubject, agent) : (WorkflowSubject, workflow);
            if (budget.Covers(name))
            {
                covering.Add((budget, AccountKey(subject, name, PeriodOf(budget.Period, now))));
            }
        }

        foreach ((_, string account) in covering)
        {
            await LoadAsync(account, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            foreach ((ModelBudget budget, string key) in covering)
            {
                Account account = _accounts[key];
                if (budget.MaxTokens is { } maxTokens && account.Spent.TotalTokens + account.ReservedTokens + tokens > maxTokens)
                {
                    return new BudgetCheck(null, Describe(budget, $"{account.Spent.TotalTokens + account.ReservedTokens} of {maxTokens} tokens used, this call needs about {tokens}"));
                }

                if (budget.MaxCost is { } maxCost && account.Spent.Cost + account.ReservedCost + cost > maxCost)
                {
                    return new BudgetCheck(null, Describe(budget, $"{account.Spent.Cost + account.ReservedCost:0.######} of {maxCost:0.######} spent, this call needs about {cost:0.######}"));
                }
            }

            var accounts = new List<string>(covering.Count);
            foreach ((_, string key) in covering)
            {
                Account account = _accounts[key];
                account.ReservedTokens += tokens;
                account.ReservedCost += cost;
                accounts.Add(key);
            }

            return new BudgetCheck(new BudgetReservation(accounts, tokens, cost), null);
        }
    }

    public void Release(BudgetReservation reservation)
    {
        lock (_gate)
        {
            foreach (string key in reservation.Accounts)
            {
                Account account = _accounts[key];
                account.ReservedTokens -= reservation.Tokens;
                account.ReservedCost -= reservation.Cost;
            }
        }
    }

    public async Task RecordAsync(BudgetReservation reservation, string agent, string workflow, string? modelId, ModelUsage usage, CancellationToken cancellationToken)
    {
        Release(reservation);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        string day = PeriodOf(BudgetPeriod.Day, now);
        string month = PeriodOf(BudgetPeriod.Month, now);
        List<string> accounts =
        [
            AccountKey(AgentSubject, agent, day), AccountKey(AgentSubject, agent, month),
            AccountKey(WorkflowSubject, workflow, day), AccountKey(WorkflowSubject, workflow, month),
        ];
        if (modelId is not null)
        {
            accounts.Add(AccountKey(ModelSubject, modelId, month));
        }

        var provenance = new Provenance(ActorKind.Agent, agent) { ModelId = modelId };

        // Usage is recorded even when the host is stopping: the tokens were spent. The accounts are written at once, so a store that
        // group-commits (SQLite) makes them one transaction.
        await Task.WhenAll(accounts.Select(key => AddAsync(key, usage, provenance, CancellationToken.None))).ConfigureAwait(false);

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Describes each budget covering the agent or workflow whose spend in the current period is past its limit.</summary>
    public async Task<IReadOnlyList<string>> BudgetsOverrunAsync(string agent, string workflow, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        var overrun = new List<string>();
        foreach (ModelBudget budget in _policy.Current.Budgets)
        {
            (string subject, string name) = budget.Scope == BudgetScope.Agent ? (AgentSubject, agent) : (WorkflowSubject, workflow);
            if (!budget.Covers(name))
            {
                continue;
            }

            string key = AccountKey(subject, name, PeriodOf(budget.Period, now));
            await LoadAsync(key, cancellationToken).ConfigureAwait(false);
            ModelUsage spent;
            lock (_gate)
            {
                spent = _accounts[key].Spent;
            }

            if (budget.MaxTokens is { } maxTokens && spent.TotalTokens > maxTokens)
            {
                overrun.Add(Overrun(budget, $"{spent.TotalTokens} of {maxTokens} tokens"));
            }
            else if (budget.MaxCost is { } maxCost && spent.Cost > maxCost)
            {
                overrun.Add(Overrun(budget, $"{spent.Cost:0.######} of {maxCost:0.######}"));
            }
        }

        return overrun;
    }

    private static string Overrun(ModelBudget budget, string figures) =>
        $"The {budget.Period.ToString().ToLowerInvariant()} budget of {budget.Scope.ToString().ToLowerInvariant()} '{budget.Name}' is overrun ({figures} spent).";

    private static string Describe(ModelBudget budget, string figures) =>
        $"The {budget.Period.ToString().ToLowerInvariant()} budget of {budget.Scope.ToString().ToLowerInvariant()} '{budget.Name}' would be overrun ({figures}).";

    private static string PeriodOf(BudgetPeriod period, DateTimeOffset now) => period switch
    {
        BudgetPeriod.Day => "day/" + now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => "month/" + now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture),
    };

    private static string AccountKey(string subject, string name, string period) => $"{EntityOf(subject, name)}|usage/{period}";

    private static (string Entity, string Attribute) Split(string key)
    {
        int bar = key.IndexOf('|', StringComparison.Ordinal);
        return (key[..bar], key[(bar + 1)..]);
    }

    private async Task LoadAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_accounts.ContainsKey(key))
            {
                return;
            }
        }

        (string entity, string attribute) = Split(key);
        MemoryRecord? record = await _memory.GetAsync(entity, attribute, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_accounts.ContainsKey(key))
            {
                _accounts[key] = new Account { Spent = Read(record), SpentVersion = record?.Version ?? 0 };
            }
        }
    }

    private async Task AddAsync(string key, ModelUsage usage, Provenance provenance, CancellationToken cancellationToken)
    {
        (string entity, string attribute) = Split(key);
        for (int attempt = 1; ; attempt++)
        {
            MemoryRecord? record = await _memory.GetAsync(entity, attribute, cancellationToken).ConfigureAwait(false);
            ModelUsage total = Read(record) + usage;
            var write = new MemoryWrite(entity, attribute, MemoryKind.Fact, ToJson(total), provenance) { ExpectedVersion = record?.Version ?? 0 };
            MemoryRecord written;
            try
            {
                written = await _memory.WriteAsync(write, cancellationToken).ConfigureAwait(false);
            }
            catch (MemoryConflictException) when (attempt < MaxWriteAttempts)
            {
                // Another call settled first: add to its total instead.
                continue;
            }

            lock (_gate)
            {
                // Calls settling at once finish in any order: the total of the latest version is the one kept.
                Account account = _accounts.TryGetValue(key, out Account? existing) ? existing : _accounts[key] = new Account();
                if (written.Version > account.SpentVersion)
                {
                    (account.Spent, account.SpentVersion) = (total, written.Version);
                }
            }

            return;
        }
    }

    private static ModelUsage Read(MemoryRecord? record)
    {
        if (record is null || record.Value.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        JsonElement value = record.Value;
        return new ModelUsage(
            value.TryGetProperty("calls", out JsonElement calls) ? calls.GetInt64() : 0,
            value.TryGetProperty("inputTokens", out JsonElement input) ? input.GetInt64() : 0,
            value.TryGetProperty("outputTokens", out JsonElement output) ? output.GetInt64() : 0,
            value.TryGetProperty("cost", out JsonElement cost) ? cost.GetDecimal() : 0);
    }

    private static JsonElement ToJson(ModelUsage usage) => JsonOutput.Build(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("calls", usage.Calls);
        w.WriteNumber("inputTokens", usage.InputTokens);
        w.WriteNumber("outputTokens", usage.OutputTokens);
        w.WriteNumber("cost", usage.Cost);
        w.WriteEndObject();
    });

    private sealed class Account
    {
        public ModelUsage Spent { get; set; }

        /// <summary>Gets or sets the memory version <see cref="Spent"/> was read from or written as.</summary>
        public int SpentVersion { get; set; }

        public long ReservedTokens { get; set; }

        public decimal ReservedCost { get; set; }
    }
}
