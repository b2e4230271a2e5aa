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
            FlowDivergence? divergence;
            try
            {
                divergence = Check(definition, cp, e);
            }
            catch (Exception ex) when (ex is FlowDefinitionException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                divergence = new FlowDivergence(e.Sequence, e.Type, cp?.State ?? "(none)", null, "code", "a decision", $"an exception: {ex.Message}");
            }

            if (divergence is not null)
            {
                return new FlowReplayResult(instanceId, replayed, divergence);
            }

            cp = FlowHistory.Apply(cp, instanceId ?? "?", e.Type, e.Payload, e.Sequence);
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

    private static FlowDivergence? Check(FlowDefinition definition, FlowCheckpoint? cp, JournalEvent e)
    {
        JsonElement p = e.Payload;
        string state = cp?.State ?? "(start)";
        FlowDivergence Diverge(string what, string expected, string actual, string? step = null) => new(e.Sequence, e.Type, state, step, what, expected, actual);

        if (e.Type == FlowEventTypes.Started)
        {
            if (p.GetProperty("flow").GetString() != definition.Name)
            {
                return Diverge("flow", p.GetProperty("flow").GetString()!, definition.Name);
            }

            if (p.GetProperty("version").GetInt32() != definition.Version)
            {
                return Diverge("version", p.GetProperty("version").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), definition.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            string recorded = p.GetProperty("state").GetString()!;
            if (recorded != definition.InitialState)
            {
                return Diverge("state", recorded, definition.InitialState);
            }

            var entry = new FlowContext(p.GetProperty("instance").GetString()!, definition.Name, definition.Version, recorded, "start", p.GetProperty("data"), default, p.GetProperty("at").GetDateTimeOffset());
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

        DateTimeOffset at = p.GetProperty("at").GetDateTimeOffset();
        switch (e.Type)
        {
            case FlowEventTypes.Accepted:
            {
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

                if (e.Type == FlowEventTypes.StepRefused)
                {
                    return null;
                }

                if (p.GetProperty("capability").GetString() != step.Capability)
                {
                    return Diverge("capability", p.GetProperty("capability").GetString()!, step.Capability, step.Name);
                }

                JsonElement arguments = FlowMachine.Arguments(definition, cp.State, step, FlowMachine.Context(cp, pending.Trigger, pending.Payload, pending.At));
                if (!JsonElement.DeepEquals(arguments, p.GetProperty("arguments")))
                {
                    return Diverge("arguments", p.GetProperty("arguments").GetRawText(), arguments.GetRawText(), step.Name);
                }

                string token = FlowMachine.Token(cp.InstanceId, pending.Seq, step.Name).Value;
                return p.GetProperty("token").GetString() == token ? null : Diverge("token", p.GetProperty("token").GetString()!, token, step.Name);
            }

            case FlowEventTypes.Transition:
            {
                string to = p.GetProperty("to").GetString()!;
                bool refused = p.GetProperty("refused").GetBoolean();
                string trigger = p.GetProperty("trigger").GetString()!;
                JsonElement payload = p.TryGetProperty("payload", out JsonElement recordedPayload) ? recordedPayload : default;
                string expectedTarget;
                if (cp.Pending is { } pending)
                {
                    FlowTransitionDefinition transition = current.Transitions[pending.Ordinal];
                    if (!refused && pending.NextStep != transition.Steps.Count)
                    {
                        return Diverge("step", "no further step", transition.Steps[pending.NextStep].Name);
                    }

                    expectedTarget = refused ? transition.RefusedTarget ?? "(fail)" : transition.Target;
                }
                else
                {
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

                var entry = new FlowContext(cp.InstanceId, cp.FlowName, cp.FlowVersion, to, trigger, p.GetProperty("data"), payload, at);
                return CompareTimers(p, FlowMachine.Timers(target, entry), Diverge);
            }

            case FlowEventTypes.Ignored:
            {
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

    private static FlowDivergence? CompareTimers(JsonElement payload, List<FlowTimer> actual, Func<string, string, string, string?, FlowDivergence> diverge)
    {
        var recorded = new List<FlowTimer>();
        foreach (JsonElement timer in payload.GetProperty("timers").EnumerateArray())
        {
            recorded.Add(new FlowTimer(timer.GetProperty("name").GetString()!, timer.GetProperty("due").GetDateTimeOffset()));
        }

        return recorded.SequenceEqual(actual) ? null : diverge("timers", Describe(recorded), Describe(actual), null);
    }

    private static string Describe(List<FlowTimer> timers) =>
        timers.Count == 0 ? "none" : string.Join(", ", timers.Select(t => $"{t.Name} at {FlowHistory.Format(t.Due)}"));
}
