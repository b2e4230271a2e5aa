using System.Text.Json;

namespace OperatorOs;

/// <summary>Stores resume requests as memory Context records (entity <c>flow-requests</c>, attribute = instance id), one version per change.</summary>
/// <remarks>
/// Why memory: a shell without the host's flow definitions can write it, every host sharing the storage can read it, and a
/// versioned write (<see cref="MemoryWrite.ExpectedVersion"/>) lets exactly one host claim a request. Why Context: a handled
/// request is history, not canonical state, so retention may prune it after months.
/// </remarks>
internal static class FlowResumeRequests
{
    public const string Entity = "flow-requests";

    public static MemoryWrite Write(FlowResumeRequest request, Provenance provenance, int expectedVersion)
    {
        JsonElement value = JsonPayload.Object(request, static (w, r) =>
        {
            w.WriteNumber("schema", FlowEventTypes.SchemaVersion);
            w.WriteString("state", Name(r.Status));
            w.WriteString("requestedBy", r.RequestedBy);
            w.WriteString("at", r.RequestedAt);
            if (r.HandledBy is not null)
            {
                w.WriteString("handledBy", r.HandledBy);
            }

            if (r.HandledAt is { } handledAt)
            {
                w.WriteString("handledAt", handledAt);
            }

            if (r.InstanceStatus is { } status)
            {
                w.WriteString("instanceStatus", status.ToString());
            }

            if (r.Error is not null)
            {
                w.WriteString("error", r.Error);
            }
        });
        return new MemoryWrite(Entity, request.InstanceId, MemoryKind.Context, value, provenance with { InputReferences = [FlowEventTypes.StreamOf(request.InstanceId)] })
        {
            ExpectedVersion = expectedVersion,
        };
    }

    /// <summary>Reads a stored request, or returns <see langword="null"/> when the record is not one this release understands.</summary>
    public static FlowResumeRequest? Read(MemoryRecord record)
    {
        JsonElement v = record.Value;
        if (v.ValueKind != JsonValueKind.Object
            || !v.TryGetProperty("state", out JsonElement state) || Parse(state.GetString()) is not { } status
            || !v.TryGetProperty("requestedBy", out JsonElement by) || by.ValueKind != JsonValueKind.String
            || !v.TryGetProperty("at", out JsonElement at) || !at.TryGetDateTimeOffset(out DateTimeOffset requestedAt))
        {
            return null;
        }

        return new FlowResumeRequest(record.Attribute, status, by.GetString()!, requestedAt)
        {
            HandledBy = v.TryGetProperty("handledBy", out JsonElement handledBy) ? handledBy.GetString() : null,
            HandledAt = v.TryGetProperty("handledAt", out JsonElement handledAt) && handledAt.TryGetDateTimeOffset(out DateTimeOffset h) ? h : null,
            InstanceStatus = v.TryGetProperty("instanceStatus", out JsonElement s) && Enum.TryParse(s.GetString(), out FlowStatus parsed) ? parsed : null,
            Error = v.TryGetProperty("error", out JsonElement error) ? error.GetString() : null,
            Version = record.Version,
        };
    }

    public static string Name(FlowResumeRequestStatus status) => status switch
    {
        FlowResumeRequestStatus.Requested => "requested",
        FlowResumeRequestStatus.Resuming => "resuming",
        FlowResumeRequestStatus.Done => "done",
        _ => "failed",
    };

    private static FlowResumeRequestStatus? Parse(string? name) => name switch
    {
        "requested" => FlowResumeRequestStatus.Requested,
        "resuming" => FlowResumeRequestStatus.Resuming,
        "done" => FlowResumeRequestStatus.Done,
        "failed" => FlowResumeRequestStatus.Failed,
        _ => null,
    };
}
