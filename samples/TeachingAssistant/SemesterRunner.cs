using System.Text.Json;
using System.Text.Json.Nodes;
using OperatorOs;
using TeachingAssistant.Data;

namespace TeachingAssistant;

/// <summary>The main job: inbound submissions arrive as untrusted email, the registrar files them, the operator reviews, and the journal proves what happened.</summary>
internal sealed class SemesterRunner
{
    private static readonly string[] InjectionMarkers = ["ignore your rules", "ignore previous instructions", "refund everyone", "mark every submission"];

    private readonly IOperatorKernel _kernel;
    private readonly IApprovalQueue _approvals;
    private readonly Journal _journal;
    private readonly MemoryStore _memory;
    private readonly TimeProvider _time;
    private readonly MemoryIndex _index;
    private readonly IPolicyFileStatus _policy;

    public SemesterRunner(IOperatorKernel kernel, IApprovalQueue approvals, Journal journal, MemoryStore memory, TimeProvider time, MemoryIndex index, IPolicyFileStatus policy)
    {
        _index = index;
        _policy = policy;
        _kernel = kernel;
        _approvals = approvals;
        _journal = journal;
        _memory = memory;
        _time = time;
    }

    public async Task<int> RunAsync(TextWriter output, string filesRoot, string databasePath, string? inboxDirectory, CancellationToken cancellationToken)
    {
        output.WriteLine("OperatorOs teaching assistant");
        output.WriteLine("  mode:    offline (no model configured; agents use their deterministic strategies)");
        output.WriteLine("  storage: SQLite (journal, memory, approvals) in " + databasePath);
        output.WriteLine("           documents in " + filesRoot);
        output.WriteLine($"  policy:  {_policy.FilePath} ({(_policy.Current is null ? "not loaded: " + _policy.LastError?.Message : $"loaded at {_policy.LoadedAt:HH:mm:ss}")})");
        output.WriteLine();

        // 0. The operator's approved answers become course facts: the triage agent answers from them.
        foreach ((string attribute, string answer) in CourseFaq.Entries)
        {
            using JsonDocument value = JsonDocument.Parse(JsonSerializer.Serialize(answer));
            await _memory.WriteAsync(new MemoryWrite("course", attribute, MemoryKind.Fact, value.RootElement, new Provenance(ActorKind.Operator, "operator")), cancellationToken);
        }

        // 1. Inbound mail becomes untrusted intents; the registrar proposes to file each submission.
        IReadOnlyList<Submission> inbox = CourseData.Submissions(seed: 42, count: 24);
        var statuses = new Dictionary<ProposalStatus, int>();
        var refused = new List<string>();
        foreach (Submission submission in inbox)
        {
            var payload = new JsonObject { ["student"] = submission.Student, ["assignment"] = submission.Assignment, ["body"] = submission.Body };
            using JsonDocument document = JsonDocument.Parse(payload.ToJsonString());
            Intent intent = Intent.Create("submission.received", document.RootElement, $"email:{submission.Student}@students.example", TrustLevel.Untrusted, _time);
            IntentResult result = await _kernel.SubmitAsync(intent, cancellationToken);
            foreach (ProposalResult proposal in result.Proposals)
            {
                statuses[proposal.Status] = statuses.GetValueOrDefault(proposal.Status) + 1;
                if (proposal.Status == ProposalStatus.Invalid)
                {
                    refused.Add($"{submission.Student}: {proposal.Error}");
                }
            }
        }

        output.WriteLine($"Inbox: {inbox.Count} emailed submissions (untrusted) routed to the registrar.");
        output.WriteLine($"  waiting for approval: {statuses.GetValueOrDefault(ProposalStatus.PendingApproval)}");
        output.WriteLine($"  refused as invalid:   {statuses.GetValueOrDefault(ProposalStatus.Invalid)}");
        foreach (string line in refused)
        {
            output.WriteLine("    - " + line);
        }

        // 1b. Questions are routed by meaning: close to triage's exemplars -> triage drafts a reply from the facts;
        //     close to nothing (a refund, a payment plan) -> the operator.
        IReadOnlyList<Question> questions = inboxDirectory is null ? CourseData.Questions(seed: 7, count: 40) : EmlInbox.Read(inboxDirectory, output);
        int toTriage = 0, unrouted = 0, drafted = 0;
        var unroutedExamples = new List<string>();
        foreach (Question question in questions)
        {
            var payload = new JsonObject { ["student"] = question.Student, ["subject"] = question.Subject, ["body"] = question.Body };
            using JsonDocument document = JsonDocument.Parse(payload.ToJsonString());
            Intent intent = Intent.Create("email.received", document.RootElement, $"email:{question.Student}@students.example", TrustLevel.Untrusted, _time);
            IntentResult result = await _kernel.SubmitAsync(intent, cancellationToken);
            if (!result.Route.IsRouted)
            {
                unrouted++;
                if (unroutedExamples.Count < 3)
                {
                    unroutedExamples.Add($"\"{question.Body}\" (closest: {result.Route.Candidates.FirstOrDefault()?.Target ?? "none"}, {result.Route.Candidates.FirstOrDefault()?.Score ?? 0:F2})");
                }
            }
            else
            {
                toTriage++;
                drafted += result.Proposals.Count(p => p.Status == ProposalStatus.PendingApproval);
            }
        }

        output.WriteLine();
        output.WriteLine($"Questions ({(inboxDirectory is null ? "generated" : "from " + inboxDirectory)}): {questions.Count} emails; {toTriage} routed to triage by meaning, {unrouted} left for the operator.");
        output.WriteLine($"  triage drafted {drafted} replies from approved answers; {toTriage - drafted} had no confident answer and wait for the operator.");
        foreach (string unroutedLine in unroutedExamples)
        {
            output.WriteLine("    - unrouted: " + unroutedLine);
        }

        // 2. The operator reviews the queue (simulated here: approve, except what reads as a prompt injection).
        IReadOnlyList<ApprovalRequest> pending = await _approvals.ListPendingAsync(cancellationToken);
        int approved = 0;
        int replies = 0;
        var filedPaths = new HashSet<string>(StringComparer.Ordinal);
        var rejected = new List<string>();
        foreach (ApprovalRequest request in pending)
        {
            string content = request.Proposal.Arguments.GetProperty("content").GetString() ?? string.Empty;
            if (InjectionMarkers.Any(marker => content.Contains(marker, StringComparison.OrdinalIgnoreCase)))
            {
                await _approvals.RejectAsync(request.Id, "operator", "Looks like a prompt injection, not a submission.", cancellationToken);
                rejected.Add($"{request.Proposal.Arguments.GetProperty("path").GetString()}: prompt injection");
                continue;
            }

            await _approvals.ApproveAsync(request.Id, "operator", cancellationToken: cancellationToken);
            string path = request.Proposal.Arguments.GetProperty("path").GetString()!;
            if (path.StartsWith("submissions/", StringComparison.Ordinal))
            {
                filedPaths.Add(path);
                approved++;
            }
            else
            {
                replies++;
            }
        }

        output.WriteLine();
        output.WriteLine($"Operator review (simulated): {replies} drafted replies approved into outbox/; {approved} submissions approved and filed ({approved - filedPaths.Count} of them resubmissions, kept as new versions), {rejected.Count} rejected.");
        foreach (string line in rejected)
        {
            output.WriteLine("    - " + line);
        }

        // 3. A read needs no approval: list what is on file.
        ActionProposal list = new($"list-{Guid.CreateVersion7(_time.GetUtcNow()):n}", "files.list", Json("""{"directory":"submissions"}"""), "operator", _time.GetUtcNow())
        {
            ProposerKind = ActorKind.Operator,
            Taint = TrustLevel.Operator,
        };
        ProposalResult listed = await _kernel.ProposeAsync(list, cancellationToken);
        int onFile = listed.Outcome?.Output.GetProperty("entries").GetArrayLength() ?? -1;
        output.WriteLine($"On file under submissions/: {onFile} document(s) ({listed.Status}, no approval needed for a read).");

        // 4. The audit trail: every step journaled, the chain verifiable, outcomes remembered with provenance.
        JournalVerification verification = await _journal.VerifyAsync(cancellationToken);
        output.WriteLine();
        output.WriteLine($"Journal: {verification.EventsVerified} events, hash chain {(verification.IsIntact ? "intact" : $"BROKEN at {verification.FirstBrokenSequence}: {verification.Problem}")}.");

        ApprovalRequest? example = pending.FirstOrDefault(p => !rejected.Any(r => r.StartsWith(p.Proposal.Arguments.GetProperty("path").GetString()!, StringComparison.Ordinal)));
        if (example is not null)
        {
            MemoryRecord? fact = await _memory.GetAsync($"action/{example.Proposal.Id}", "outcome", cancellationToken);
            if (fact is not null)
            {
                output.WriteLine($"Example fact: {fact.Entity} v{fact.Version}: {fact.Value.GetProperty("summary").GetString()}");
                output.WriteLine($"  provenance: {fact.Provenance.ActorKind} '{fact.Provenance.Actor}', model {fact.Provenance.ModelId ?? "none (deterministic)"}, approval {fact.Provenance.ApprovalId}, inputs {string.Join(", ", fact.Provenance.InputReferences)}");
            }
        }

        MemoryAuditReport audit = await new MemoryAudit(_memory, _time, _index).RunAsync(cancellationToken);
        output.WriteLine($"Memory audit: {audit.Kinds[MemoryKind.Fact].Current} current facts, {audit.ContradictedFacts.Count} contradicted, {audit.VersionsWithoutInputs} versions without inputs, {audit.IndexEntriesWithoutRecord} stale index entries.");

        bool consistent = verification.IsIntact && onFile == filedPaths.Count;
        output.WriteLine();
        output.WriteLine(consistent ? "Done: every filed document was approved, and the journal accounts for every step." : "Inconsistent run: see above.");
        return consistent ? 0 : 1;
    }

    private static JsonElement Json(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
