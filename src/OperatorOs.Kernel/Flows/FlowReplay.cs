using System.Text.Json;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Re-runs a recorded flow history against the current code and reports the first decision the code makes differently, to catch non-determinism and unversioned changes in CI.</summary>
/// <remarks>
/// <para>Nothing is executed: step outputs, approval decisions and the times events were accepted come from the history. What is
/// checked is every decision the definition makes: the initial state, which transition an event fires (guards, in order), each
/// step's name, capability, arguments and token, the target state, refusal targets, and the timers each state sets.</para>
/// <para>Replay a history with the definition of the version it ran (an instance keeps its version): a changed guard or
/// argument builder in that version is exactly what this finds; a new behaviour belongs in a new version.</para>
/// </remarks>
public static class FlowReplay
{
    /// <summary>Replays one instance's events.</summary>
    /// <param name="definition">The current code of the definition (same name and version as the history).</param>
    /// <param name="history">The events of one instance's stream <c>flow/{instanceId}</c>, in order.</param>
    /// <returns>The result, with the first divergence if there is one.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="FlowCheckpointException">An event cannot be read.</exception>
    public static FlowReplayResult Replay(FlowDefinition definition, IEnumerable<JournalEvent> history)
    {
        _ = Throw.IfNull(definition);
        _ = Throw.IfNull(history);
        FlowCheckpoint? cp = null;
        string? instanceId = null;
        int replayed = 0;
        foreach (JournalEvent e in history)
        {
            instanceId ??= e.Payload.ValueKind == JsonValueKind.Object && e.Payload.TryGetProperty("instance", out JsonElement id) ? id.GetString() : e.Stream;
            FlowHistory.CheckSchema(instanceId ?? "?", e.Type, e.Payload, e.Sequence);
            foreach (FlowRecord record in FlowRecord.Read(e))
            {
                FlowDivergence? divergence;
                try
                {
                    divergence = Check(definition, cp, e.Sequence, record.Type, record.Payload, e.Payload);
                }
                catch (Exception ex) when (ex is FlowDefinitionException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    divergence = new FlowDivergence(e.Sequence, record.Type, cp?.State ?? "(none)", null, "code", "a decision", $"an exception: {ex.Message}");
                }

                if (divergence is not null)
                {
                    return new FlowReplayResult(instanceId, replayed, divergence);
                }

                cp = FlowHistory.ApplyRecord(cp, instanceId ?? "?", record.Type, record.Payload, e.Payload, e.Sequence);
            }

            replayed++;
        }

        return new FlowReplayResult(instanceId, replayed, null);
    }

    /// <summary>Reads an instance's stream from a journal and replays it.</summary>
    /// <param name="definition">The current code of the definition.</param>
    /// <param name="journal">The journal.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static async Task<FlowReplayResult> ReplayAsync(FlowDefinition definition, Journal journal, string instanceId, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(definition);
        _ = Throw.IfNull(journal);
        _ = Throw.IfNull(instanceId);
        var events = new List<JournalEvent>();
        await foreach (JournalEvent e in journal.ReadStreamAsync(FlowEventTypes.StreamOf(instanceId), cancellationToken).ConfigureAwait(false))
        {
            events.Add(e);
        }

        return Replay(definition, events);
    }

    /// <summary>Checks one record against the decisions the current code makes at that point; <paramref name="header"/> is the event holding it.</summary>
    private static FlowDivergence? Check(FlowDefinition definition, FlowCheckpoint? cp, long sequence, string type, JsonElement p, JsonElement header)
    {
        string state = cp?.State ?? "(start)";
        FlowDivergence Diverge(string what, string expected, string actual, string? step = null) => new(sequence, type, state, step, what, expected, actual);

        if (type == FlowEventTypes.Started)
        {
            if (header.GetProperty("flow").GetString() != definition.Name)
            {
                return Diverge("flow", header.GetProperty("flow").GetString()!, definition.Name);
            }

            if (header.GetProperty("version").GetInt32() != definition.Version)
            {
                return Diverge("version", header.GetProperty("version").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), definition.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            string recorded = p.GetProperty("state").GetString()!;
            if (recorded != definition.InitialState)
            {
                return Diverge("state", recorded, definition.InitialState);
            }

            var entry = new FlowContext(header.GetProperty("instance").GetString()!, definition.Name, definition.Version, recorded, "start", p.GetProperty("data"), default, p.GetProperty("at").GetDateTimeOffset());
            return CompareTimers(p, FlowMachine.Timers(definition.GetState(recorded), entry), Diverge);
        }

        if (cp is null)
        {
            return null;
        }

        if (!definition.TryGetState(cp.State, out FlowStateDefinition current))
        {
            return Diverge("state", cp.State, "no such state");
        }

        JsonElement own = p.TryGetProperty("at", out JsonElement ownAt) ? ownAt : default;
        switch (type)
        {
            case FlowEventTypes.Accepted:
            {
                DateTimeOffset at = own.GetDateTimeOffset();
                FlowTriggerKind kind = FlowHistory.ParseKind(p.GetProperty("kind").GetString()!);
                string trigger = p.GetProperty("trigger").GetString()!;
                int ordinal = p.GetProperty("ordinal").GetInt32();
                JsonElement payload = p.TryGetProperty("payload", out JsonElement recordedPayload) ? recordedPayload : default;
                FlowTransitionDefinition? selected = FlowMachine.Select(current, kind, trigger, FlowMachine.Context(cp, trigger, payload, at));
                if (selected is null)
                {
                    return Diverge("guard", $"transition #{ordinal} on '{trigger}' fires", "no guard holds");
                }

                if (selected.Ordinal != ordinal)
                {
                    return Diverge("transition", $"#{ordinal} on '{trigger}'", $"#{selected.Ordinal} on '{trigger}' (to '{selected.Target}')");
                }

                return selected.Steps.Count == 0 ? Diverge("step", "a transition with steps", "a transition without steps") : null;
            }

            case FlowEventTypes.StepStarted:
            case FlowEventTypes.StepCompleted:
            case FlowEventTypes.StepAwaitingApproval:
            case FlowEventTypes.StepRefused:
            {
                FlowPending pending = cp.Pending!;
                FlowTransitionDefinition transition = current.Transitions[pending.Ordinal];
                string recordedStep = p.GetProperty("step").GetString()!;
                if (pending.NextStep >= transition.Steps.Count)
                {
                    return Diverge("step", recordedStep, "no further step", recordedStep);
                }

                FlowStepDefinition step = transition.Steps[pending.NextStep];
                if (step.Name != recordedStep)
                {
                    return Diverge("step", recordedStep, step.Name, recordedStep);
                }

                if (type == FlowEventTypes.StepRefused)
                {
                    return null;
                }

                if (p.GetProperty("capability").GetString() != step.Capability)
                {
                    return Diverge("capability", p.GetProperty("capability").GetString()!, step.Capability, step.Name);
                }

                // A schema 2 outcome of a started step leaves the arguments to its step-started record, checked there.
                if (p.TryGetProperty("arguments", out JsonElement recordedArguments))
                {
                    JsonElement arguments = FlowMachine.Arguments(definition, cp.State, step, FlowMachine.Context(cp, pending.Trigger, pending.Payload, pending.At));
                    if (!JsonElement.DeepEquals(arguments, recordedArguments))
                    {
                        return Diverge("arguments", recordedArguments.GetRawText(), arguments.GetRawText(), step.Name);
                    }
                }

                // A step's token is its proposal id; schema 1 wrote both, schema 2 the id only where the token is not written.
                string recordedToken = (p.TryGetProperty("token", out JsonElement token) ? token : p.GetProperty("proposalId")).GetString()!;
                string expectedToken = FlowMachine.Token(cp.InstanceId, pending.Seq, step.Name).Value;
                return recordedToken == expectedToken ? null : Diverge("token", recordedToken, expectedToken, step.Name);
            }

            case FlowEventTypes.Transition:
            {
                string to = p.GetProperty("to").GetString()!;
                bool refused = p.TryGetProperty("refused", out JsonElement refusedFlag) && refusedFlag.GetBoolean();
                string trigger = p.GetProperty("trigger").GetString()!;
                JsonElement payload = p.TryGetProperty("payload", out JsonElement recordedPayload) ? recordedPayload : default;
                string expectedTarget;
                DateTimeOffset at;
                if (cp.Pending is { } pending)
                {
                    at = own.ValueKind == JsonValueKind.Undefined ? pending.At : own.GetDateTimeOffset();
                    FlowTransitionDefinition transition = current.Transitions[pending.Ordinal];
                    if (!refused && pending.NextStep != transition.Steps.Count)
                    {
                        return Diverge("step", "no further step", transition.Steps[pending.NextStep].Name);
                    }

                    expectedTarget = refused ? transition.RefusedTarget ?? "(fail)" : transition.Target;
                }
                else
                {
                    at = own.GetDateTimeOffset();
                    FlowTriggerKind kind = FlowHistory.ParseKind(p.GetProperty("kind").GetString()!);
                    int ordinal = p.GetProperty("ordinal").GetInt32();
                    FlowTransitionDefinition? selected = FlowMachine.Select(current, kind, trigger, FlowMachine.Context(cp, trigger, payload, at));
                    if (selected is null)
                    {
                        return Diverge("guard", $"transition #{ordinal} on '{trigger}' fires", "no guard holds");
                    }

                    if (selected.Ordinal != ordinal || selected.Steps.Count != 0)
                    {
                        return Diverge("transition", $"#{ordinal} on '{trigger}' to '{to}'", $"#{selected.Ordinal} on '{trigger}' to '{selected.Target}' with {selected.Steps.Count} step(s)");
                    }

                    expectedTarget = selected.Target;
                }

                if (expectedTarget != to)
                {
                    return Diverge("target", to, expectedTarget);
                }

                if (!definition.TryGetState(to, out FlowStateDefinition target))
                {
                    return Diverge("state", to, "no such state");
                }

                // The data on arrival: recorded in schema 1; in schema 2 what the runtime computed for the timers.
                FlowData data = p.TryGetProperty("data", out JsonElement recordedData) ? FlowData.FromElement(recordedData)
                    : payload.ValueKind == JsonValueKind.Undefined ? cp.Data : cp.Data.With(FlowData.Events, trigger, payload);
                var entry = new FlowContext(cp.InstanceId, cp.FlowName, cp.FlowVersion, to, trigger, data, payload, at);
                return CompareTimers(p, FlowMachine.Timers(target, entry), Diverge);
            }

            case FlowEventTypes.Ignored:
            {
                DateTimeOffset at = own.GetDateTimeOffset();
                FlowTriggerKind kind = FlowHistory.ParseKind(p.GetProperty("kind").GetString()!);
                string trigger = p.GetProperty("trigger").GetString()!;
                JsonElement payload = p.TryGetProperty("payload", out JsonElement recordedPayload) ? recordedPayload : default;
                FlowTransitionDefinition? selected = FlowMachine.Select(current, kind, trigger, FlowMachine.Context(cp, trigger, payload, at));
                return selected is null ? null : Diverge("guard", $"'{trigger}' ignored (no guard holds)", $"transition #{selected.Ordinal} to '{selected.Target}' fires");
            }

            default:
                return null;
        }
    }

    private static FlowDivergence? CompareTimers(JsonElement payload, IReadOnlyList<FlowTimer> actual, Func<string, string, string, string?, FlowDivergence> diverge)
    {
        List<FlowTimer> recorded = FlowHistory.ReadTimers(payload);

        return recorded.SequenceEqual(actual) ? null : diverge("timers", Describe(recorded), Describe(actual), null);
    }

    private static string Describe(IReadOnlyList<FlowTimer> timers) =>
        timers.Count == 0 ? "none" : string.Join(", ", timers.Select(t => $"{t.Name} at {FlowHistory.Format(t.Due)}"));
}
