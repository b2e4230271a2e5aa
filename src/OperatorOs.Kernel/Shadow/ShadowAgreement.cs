using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>Keeps agents' shadowed proposals until the operator acts on the same item, scores the two, and calibrates a confidence threshold from the scores.</summary>
/// <remarks>
/// A shadowed proposal waits as Context under <c>shadow/{correlationId}</c> (attribute <c>{capability}/{operationToken}</c>, once per
/// token, so a call an agent makes again after a crash is not counted twice; records of earlier builds name the proposal id); the
/// running tally is a Fact on the agent (<c>agent/{name}</c>, attribute <c>shadow/{capability}</c>) holding the counts and the
/// most recent (confidence, score) samples. Each shadowed proposal is scored once: marking it is a versioned write.
/// </remarks>
internal sealed class ShadowAgreement : IShadowAgreement
{
    private const string TallyPrefix = "shadow/";
    private const int MaxWriteAttempts = 8;

    private readonly MemoryStore _memory;
    private readonly KernelJournal _journal;
    private readonly IOptionsMonitor<OperatorOsOptions> _options;

    public ShadowAgreement(MemoryStore memory, KernelJournal journal, IOptionsMonitor<OperatorOsOptions> options)
    {
        _memory = memory;
        _journal = journal;
        _options = options;
    }

    public async Task RecordShadowedAsync(ActionProposal proposal, CancellationToken cancellationToken)
    {
        if (proposal.ProposerKind != ActorKind.Agent || proposal.CorrelationId is not { } correlation)
        {
            return;
        }

        JsonElement value = JsonOutput.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("agent", proposal.Proposer);
            w.WriteString("capability", proposal.Capability);
            w.WriteString("proposalId", proposal.Id);
            w.WriteNumber("confidence", proposal.Confidence);
            w.WritePropertyName("arguments");
            proposal.Arguments.WriteTo(w);
            w.WriteBoolean("scored", false);
            w.WriteEndObject();
        });
        var provenance = new Provenance(ActorKind.Agent, proposal.Proposer) { ModelId = proposal.ModelId, InputReferences = [$"proposal/{proposal.Id}"] };
        try
        {
            _ = await _memory.WriteAsync(
                new MemoryWrite($"shadow/{correlation}", $"{proposal.Capability}/{proposal.OperationToken.Value}", MemoryKind.Context, value, provenance) { ExpectedVersion = 0 },
                cancellationToken).ConfigureAwait(false);
        }
        catch (MemoryConflictException)
        {
            // The same operation was shadowed before (the call made again): it waits to be scored once.
        }
    }

    /// <summary>Scores every unscored shadowed proposal of the same item and capability against the operator's proposal.</summary>
    public async Task ScoreAsync(ActionProposal operatorProposal, CancellationToken cancellationToken)
    {
        if (operatorProposal.ProposerKind != ActorKind.Operator || operatorProposal.CorrelationId is not { } correlation)
        {
            return;
        }

        string prefix = operatorProposal.Capability + "/";
        foreach (MemoryRecord shadowed in await _memory.GetEntityAsync($"shadow/{correlation}", cancellationToken).ConfigureAwait(false))
        {
            JsonElement value = shadowed.Value;
            if (!shadowed.Attribute.StartsWith(prefix, StringComparison.Ordinal) || value.ValueKind != JsonValueKind.Object ||
                !value.TryGetProperty("scored", out JsonElement scored) || scored.GetBoolean())
            {
                continue;
            }

            double score = ArgumentAgreement.Score(value.GetProperty("arguments"), operatorProposal.Arguments);
            JsonElement marked = JsonOutput.Build(w =>
            {
                w.WriteStartObject();
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    if (property.Name != "scored")
                    {
                        property.WriteTo(w);
                    }
                }

                w.WriteBoolean("scored", true);
                w.WriteNumber("score", score);
                w.WriteString("operatorProposalId", operatorProposal.Id);
                w.WriteEndObject();
            });
            try
            {
                _ = await _memory.WriteAsync(
                    new MemoryWrite(shadowed.Entity, shadowed.Attribute, MemoryKind.Context, marked, new Provenance(ActorKind.Operator, operatorProposal.Proposer))
                    {
                        ExpectedVersion = shadowed.Version,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (MemoryConflictException)
            {
                continue;
            }

            string agent = value.GetProperty("agent").GetString()!;
            double confidence = value.GetProperty("confidence").GetDouble();
            bool agreed = score >= _options.CurrentValue.ShadowAgreement.AgreementScore;

            // Records of earlier builds name the proposal only in their attribute.
            string proposalId = value.TryGetProperty("proposalId", out JsonElement id) ? id.GetString()! : shadowed.Attribute[prefix.Length..];
            await TallyAsync(agent, operatorProposal.Capability, confidence, score, agreed, cancellationToken).ConfigureAwait(false);
            await _journal.ShadowScoredAsync(operatorProposal, agent, shadowed.Attribute, proposalId, confidence, score, agreed, cancellationToken).ConfigureAwait(false);
            if (!agreed)
            {
                await RecordCorrectionAsync(agent, proposalId, value.GetProperty("arguments"), operatorProposal, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // What the operator did instead of a shadowed proposal is a correction like an edit in the approval queue: kept on the agent
    // in the same shape (OperatorExamples), so its next prompts show it, and the agreement tally shows whether it learned.
    private async Task RecordCorrectionAsync(string agent, string shadowedProposalId, JsonElement proposed, ActionProposal operatorProposal, CancellationToken cancellationToken)
    {
        JsonElement value = JsonOutput.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("proposalId", shadowedProposalId);
            w.WriteString("capability", operatorProposal.Capability);
            w.WriteString("decidedBy", operatorProposal.Proposer);
            w.WriteString("operatorProposalId", operatorProposal.Id);
            w.WritePropertyName("proposed");
            proposed.WriteTo(w);
            w.WritePropertyName("corrected");
            operatorProposal.Arguments.WriteTo(w);
            w.WriteEndObject();
        });
        var provenance = new Provenance(ActorKind.Operator, operatorProposal.Proposer) { InputReferences = [$"proposal/{shadowedProposalId}", $"proposal/{operatorProposal.Id}"] };
        MemoryRecord record = await _memory.WriteAsync(
            new MemoryWrite($"agent/{agent}", $"{OperatorExamples.CorrectionPrefix}{operatorProposal.Capability}/{shadowedProposalId}", MemoryKind.Fact, value, provenance),
            cancellationToken).ConfigureAwait(false);
        await _journal.MemoryWrittenAsync(KernelJournal.CorrelationOf(operatorProposal), record, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ShadowAgreementReport> GetReportAsync(string agent, string capability, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(agent);
        _ = Throw.IfNullOrWhitespace(capability);
        MemoryRecord? record = await _memory.GetAsync($"agent/{agent}", TallyPrefix + capability, cancellationToken).ConfigureAwait(false);
        return Report(agent, capability, Tally.Read(record));
    }

    public async Task<IReadOnlyList<ShadowAgreementReport>> ListReportsAsync(string agent, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNullOrWhitespace(agent);
        var reports = new List<ShadowAgreementReport>();
        foreach (MemoryRecord record in await _memory.GetEntityAsync($"agent/{agent}", cancellationToken).ConfigureAwait(false))
        {
            if (record.Attribute.StartsWith(TallyPrefix, StringComparison.Ordinal))
            {
                reports.Add(Report(agent, record.Attribute[TallyPrefix.Length..], Tally.Read(record)));
            }
        }

        return reports;
    }

    private ShadowAgreementReport Report(string agent, string capability, Tally tally)
    {
        ShadowAgreementOptions options = _options.CurrentValue.ShadowAgreement;
        double mean = tally.Compared == 0 ? 0 : tally.ScoreSum / tally.Compared;
        return new ShadowAgreementReport(agent, capability, tally.Compared, tally.Agreed, mean, Calibrate(tally.Samples, options));
    }

    // The lowest confidence t such that proposals at or above t agreed at least TargetRate of the time, over at least MinimumSamples.
    private static double? Calibrate(List<(double Confidence, bool Agreed)> samples, ShadowAgreementOptions options)
    {
        double? suggested = null;
        int count = 0;
        int agreed = 0;
        foreach ((double confidence, bool ok) in samples.OrderByDescending(s => s.Confidence))
        {
            count++;
            agreed += ok ? 1 : 0;
            if (count >= options.MinimumSamples && (double)agreed / count >= options.TargetRate)
            {
                suggested = confidence;
            }
        }

        return suggested;
    }

    private async Task TallyAsync(string agent, string capability, double confidence, double score, bool agreed, CancellationToken cancellationToken)
    {
        string entity = $"agent/{agent}";
        string attribute = TallyPrefix + capability;
        int window = _options.CurrentValue.ShadowAgreement.SampleWindow;
        for (int attempt = 1; ; attempt++)
        {
            MemoryRecord? record = await _memory.GetAsync(entity, attribute, cancellationToken).ConfigureAwait(false);
            Tally tally = Tally.Read(record);
            tally.Add(confidence, score, agreed, window);
            try
            {
                _ = await _memory.WriteAsync(
                    new MemoryWrite(entity, attribute, MemoryKind.Fact, tally.ToJson(), new Provenance(ActorKind.Operator, "shadow-agreement")) { ExpectedVersion = record?.Version ?? 0 },
                    cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (MemoryConflictException) when (attempt < MaxWriteAttempts)
            {
                // Another comparison was tallied first: add to its tally.
            }
        }
    }

    private sealed class Tally
    {
        public int Compared { get; private set; }

        public int Agreed { get; private set; }

        public double ScoreSum { get; private set; }

        public List<(double Confidence, bool Agreed)> Samples { get; } = [];

        public static Tally Read(MemoryRecord? record)
        {
            var tally = new Tally();
            if (record?.Value is not { ValueKind: JsonValueKind.Object } value)
            {
                return tally;
            }

            tally.Compared = value.GetProperty("compared").GetInt32();
            tally.Agreed = value.GetProperty("agreed").GetInt32();
            tally.ScoreSum = value.GetProperty("scoreSum").GetDouble();
            foreach (JsonElement sample in value.GetProperty("samples").EnumerateArray())
            {
                tally.Samples.Add((sample[0].GetDouble(), sample[1].GetBoolean()));
            }

            return tally;
        }

        public void Add(double confidence, double score, bool agreed, int window)
        {
            Compared++;
            Agreed += agreed ? 1 : 0;
            ScoreSum += score;
            Samples.Add((confidence, agreed));
            if (Samples.Count > window)
            {
                Samples.RemoveRange(0, Samples.Count - window);
            }
        }

        public JsonElement ToJson() => JsonOutput.Build(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("compared", Compared);
            w.WriteNumber("agreed", Agreed);
            w.WriteNumber("scoreSum", ScoreSum);
            w.WriteStartArray("samples");
            foreach ((double confidence, bool ok) in Samples)
            {
                w.WriteStartArray();
                w.WriteNumberValue(confidence);
                w.WriteBooleanValue(ok);
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
