using Ical.Net.CalendarComponents;
using OperatorOs.Connectors.Calendar.Internal;

namespace OperatorOs.Connectors.Calendar;

/// <content>The operations with an effect: create, update and delete, each exactly once per token.</content>
public sealed partial class CalendarConnector
{
    private async Task<OperationResult> CreateAsync(OperationRequest request, EventDraft draft, CancellationToken cancellationToken)
    {
        OperationToken token = request.Token;
        string uid = EventUid.For(token, _uidDomain);
        if (await RecordedAsync(token, request.Capability, uid, cancellationToken).ConfigureAwait(false) is { Result: { } recorded })
        {
            return recorded;
        }

        await EnsureCalendarAsync(cancellationToken).ConfigureAwait(false);
        Uri resource = _client.ResourceUri(EventUid.ResourceNameOf(uid, _uidDomain)!);
        string document = EventDocument.Create(draft, uid, token, NowInWholeSeconds());
        DavResponse put = await _client.SendAsync(DavRequest.Create(resource, document), cancellationToken).ConfigureAwait(false);

        OperationResult result;
        if (put.IsSuccess)
        {
            CalendarEvent created = EventDocument.MasterOf(EventDocument.Parse(document), uid)!;
            result = CreateResult(token, created, resource.AbsolutePath);
        }
        else if (put.StatusCode == 412)
        {
            // The resource exists: an earlier attempt under this token created it and its answer was lost. Return what is there.
            FoundEvent found = await GetEventAsync(resource, uid, cancellationToken).ConfigureAwait(false)
                ?? throw new CalendarConnectorException(Name, $"{put.What}: the event '{uid}' existed and was deleted meanwhile; try again", isTransient: true, statusCode: 412);
            CheckCreatedBy(found, token, put);
            result = CreateResult(token, found.Event, found.Href);
        }
        else
        {
            throw _client.Failure(put, $"creating the event '{uid}'");
        }

        return await RecordAsync(result, uid, cancellationToken).ConfigureAwait(false);
    }

    private async Task<OperationResult> UpdateAsync(OperationRequest request, EventChanges changes, CancellationToken cancellationToken)
    {
        OperationToken token = request.Token;
        if (await RecordedAsync(token, request.Capability, changes.Uid, cancellationToken).ConfigureAwait(false) is { Result: { } recorded })
        {
            return recorded;
        }

        await EnsureCalendarAsync(cancellationToken).ConfigureAwait(false);
        for (int attempt = 1; attempt <= CalendarConnectorConstants.MaxConditionalAttempts; attempt++)
        {
            FoundEvent found = await FindEventAsync(changes.Uid, cancellationToken).ConfigureAwait(false)
                ?? throw new CalendarConnectorException(Name, $"there is no event with the UID '{changes.Uid}' in {_client.Collection.AbsolutePath}", isTransient: false, statusCode: 404);
            if (EventDocument.WasApplied(found.Event, token))
            {
                return await RecordAsync(UpdateResult(token, found.Event, found.Href), changes.Uid, cancellationToken).ConfigureAwait(false);
            }

            string etag = RequireETag(found);
            string document = EventDocument.Update(found.Calendar, found.Event, changes, token, NowInWholeSeconds());
            await MarkPendingAsync(token, request.Capability, changes.Uid, cancellationToken).ConfigureAwait(false);
            DavResponse put = await _client.SendAsync(DavRequest.Replace(found.Uri, document, etag), cancellationToken).ConfigureAwait(false);
            if (put.IsSuccess)
            {
                CalendarEvent updated = EventDocument.MasterOf(EventDocument.Parse(document), changes.Uid)!;
                return await RecordAsync(UpdateResult(token, updated, found.Href), changes.Uid, cancellationToken).ConfigureAwait(false);
            }

            if (put.StatusCode is not (412 or 404))
            {
                throw _client.Failure(put, $"updating the event '{changes.Uid}'");
            }

            // 412: the event changed since it was read (or a repeat of this very request already applied it); read it again.
        }

        throw ChangedConcurrently(changes.Uid);
    }

    private async Task<OperationResult> DeleteAsync(OperationRequest request, string uid, CancellationToken cancellationToken)
    {
        OperationToken token = request.Token;
        LedgerEntry? entry = await RecordedAsync(token, request.Capability, uid, cancellationToken).ConfigureAwait(false);
        if (entry?.Result is { } recorded)
        {
            return recorded;
        }

        await EnsureCalendarAsync(cancellationToken).ConfigureAwait(false);
        bool sentBefore = entry is not null;
        for (int attempt = 1; attempt <= CalendarConnectorConstants.MaxConditionalAttempts; attempt++)
        {
            FoundEvent? found = await FindEventAsync(uid, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                // Gone: deleted by an earlier attempt under this token whose answer was lost, or never there.
                return sentBefore
                    ? await RecordAsync(DeleteResult(token, uid), uid, cancellationToken).ConfigureAwait(false)
                    : throw new CalendarConnectorException(Name, $"there is no event with the UID '{uid}' in {_client.Collection.AbsolutePath}", isTransient: false, statusCode: 404);
            }

            string etag = RequireETag(found);
            await MarkPendingAsync(token, request.Capability, uid, cancellationToken).ConfigureAwait(false);
            sentBefore = true;
            DavResponse delete = await _client.SendAsync(DavRequest.Delete(found.Uri, etag), cancellationToken).ConfigureAwait(false);
            if (delete.IsSuccess || delete.StatusCode is 404 or 410)
            {
                return await RecordAsync(DeleteResult(token, uid), uid, cancellationToken).ConfigureAwait(false);
            }

            if (delete.StatusCode != 412)
            {
                throw _client.Failure(delete, $"deleting the event '{uid}'");
            }
        }

        throw ChangedConcurrently(uid);
    }

    /// <summary>Makes sure the calendar collection exists, creating it when allowed; checked once per connector.</summary>
    private async Task EnsureCalendarAsync(CancellationToken cancellationToken)
    {
        if (_calendarReady)
        {
            return;
        }

        await _ensureLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_calendarReady)
            {
                return;
            }

            if (!await CalendarExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!_createCalendarIfMissing)
                {
                    throw CalendarMissing(null);
                }

                DavResponse created = await _client.SendAsync(DavRequest.MkCalendar(_client.Collection), cancellationToken).ConfigureAwait(false);
                if (created.IsSuccess)
                {
                    CalDavLog.CreatedCalendar(_logger, _client.Collection.AbsolutePath);
                }
                else if (created.StatusCode is not (405 or 409) || !await CalendarExistsAsync(cancellationToken).ConfigureAwait(false))
                {
                    // 405 and 409 can mean another client created it meanwhile; anything else, or no calendar after all, is a failure.
                    throw _client.Failure(created, "creating the calendar collection");
                }
            }

            _calendarReady = true;
        }
        finally
        {
            _ = _ensureLock.Release();
        }
    }

    private async Task<bool> CalendarExistsAsync(CancellationToken cancellationToken)
    {
        DavResponse response = await _client.SendAsync(DavRequest.Propfind(_client.Collection, DavXml.PropfindResourceType(), "0"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
        {
            return false;
        }

        ExpectMultistatus(response, "looking up the calendar collection");

        IReadOnlyList<DavResource> resources = Multistatus.Parse(response, Name);
        DavResource? collection = resources.FirstOrDefault(r => string.Equals(_client.Resolve(r.Href).AbsolutePath.TrimEnd('/'), _client.Collection.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal))
            ?? (resources.Count == 1 ? resources[0] : null);
        if (collection is null || !collection.IsCalendar)
        {
            throw _client.Malformed(response, $"a resource that is not a calendar collection at {_client.Collection.AbsolutePath}");
        }

        return true;
    }

    /// <summary>Returns what the ledger knows about a token, after checking it was used for the same capability and event.</summary>
    private async Task<LedgerEntry?> RecordedAsync(OperationToken token, string capability, string uid, CancellationToken cancellationToken)
    {
        if (_ledger is null || await _ledger.TryGetAsync(token, cancellationToken).ConfigureAwait(false) is not { } entry)
        {
            return null;
        }

        if (!string.Equals(entry.Capability, capability, StringComparison.Ordinal) || !string.Equals(entry.Uid, uid, StringComparison.Ordinal))
        {
            throw TokenReused(token, entry, capability, uid);
        }

        return entry;
    }

    private Task MarkPendingAsync(OperationToken token, string capability, string uid, CancellationToken cancellationToken) =>
        _ledger?.AddPendingAsync(token, capability, uid, cancellationToken) ?? Task.CompletedTask;

    private async Task<OperationResult> RecordAsync(OperationResult result, string uid, CancellationToken cancellationToken) =>
        _ledger is null ? result : await _ledger.CompleteAsync(result, uid, CancellationToken.None).ConfigureAwait(false);

    private void CheckCreatedBy(FoundEvent found, OperationToken token, DavResponse response)
    {
        string? creator = EventDocument.CreatingToken(found.Event);
        if (creator is not null && !string.Equals(creator, token.Value, StringComparison.Ordinal))
        {
            throw new CalendarConnectorException(
                Name,
                $"{response.What}: the event '{found.Event.Uid}' exists but was created under another token; its UID collides with this token's",
                isTransient: false,
                statusCode: response.StatusCode);
        }
    }

    private string RequireETag(FoundEvent found) => found.ETag
        ?? throw new CalendarConnectorException(Name, $"the server sent no ETag for {found.Href}, so the event cannot be changed safely", isTransient: false);

    private CalendarConnectorException ChangedConcurrently(string uid) =>
        new(Name, $"the event '{uid}' kept changing while it was being written ({CalendarConnectorConstants.MaxConditionalAttempts} attempts); try again", isTransient: true, statusCode: 412);
}
