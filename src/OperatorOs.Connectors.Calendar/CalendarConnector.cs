using System.Collections.Concurrent;
using System.Net.Mail;
using System.Text.Json;
using IcalCalendar = Ical.Net.Calendar;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OperatorOs.Connectors.Calendar.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Calendar;

/// <summary>Offers the events of one CalDAV calendar as capabilities: create, update and delete (idempotent per operation token),
/// list and free/busy.</summary>
/// <remarks>
/// <para>Capabilities: <c>calendar.list</c> and <c>calendar.freebusy</c> (<see cref="RiskTier.Read"/>) and, unless
/// <see cref="CalendarConnectorOptions.ReadOnly"/> is set, <c>calendar.create</c>, <c>calendar.update</c> and <c>calendar.delete</c>
/// (<see cref="RiskTier.Commitment"/>: booking, moving or cancelling time with someone commits the business, and servers with
/// CalDAV scheduling send the attendees invitations).</para>
/// <para><b>Exactly once.</b> An event's UID derives from the token that creates it (<c>{hash}@{UidDomain}</c>), and the create is a
/// PUT with <c>If-None-Match: *</c>: a repeat, from this process or another, gets 412 and returns the event already there after
/// checking that it is this token's. Updates and deletes are conditional on the ETag they read (<c>If-Match</c>) and an update
/// records its token in the event (<c>X-OPERATOROS-APPLIED</c>), so a repeat finds it applied. A SQLite ledger
/// (<see cref="CalendarConnectorOptions.LedgerPath"/>) keeps each result per token, and what update and delete targeted, because a
/// deleted event leaves nothing on the server to ask. <see cref="GetStatusAsync"/> answers from the ledger, and for tokens it does
/// not know (or knows only as started) from the server: the token's derived UID for creates, the targeted UID for updates and deletes.</para>
/// <para><b>Resilience.</b> Each attempt has a timeout; failed attempts (network errors, timeouts, 408, 429, 5xx) are retried with
/// Polly only for requests that cannot cause a second effect: GET, PROPFIND, REPORT and the conditional PUT and DELETE. MKCALENDAR is
/// not retried. <c>Retry-After</c> is honoured up to <see cref="CalendarConnectorOptions.MaxRetryAfter"/>.</para>
/// <para>The basic credentials travel only in the <c>Authorization</c> header and never appear in results, exception messages or logs.
/// Malformed answers (XML that is not a multistatus, data that is not iCalendar) fail with a non-transient
/// <see cref="CalendarConnectorException"/> naming the request and the resource.</para>
/// <para>This class is thread-safe. Two concurrent executions of one token in one instance are not both sent: the second fails with a
/// transient <see cref="ConnectorException"/>.</para>
/// </remarks>
public sealed partial class CalendarConnector : Connector
{
    /// <summary>The name of the capability that books an event.</summary>
    public const string CreateCapability = "calendar.create";

    /// <summary>The name of the capability that changes an event.</summary>
    public const string UpdateCapability = "calendar.update";

    /// <summary>The name of the capability that deletes an event.</summary>
    public const string DeleteCapability = "calendar.delete";

    /// <summary>The name of the capability that lists the events in a time range.</summary>
    public const string ListCapability = "calendar.list";

    /// <summary>The name of the capability that reports the busy periods in a time range.</summary>
    public const string FreeBusyCapability = "calendar.freebusy";

    private readonly CalDavClient _client;
    private readonly OperationLedger? _ledger;
    private readonly CalendarArgumentParser _parser;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<CapabilityDescriptor> _capabilities;
    private readonly string _uidDomain;
    private readonly bool _createCalendarIfMissing;
    private readonly int _maxListedEvents;
    private readonly ConcurrentDictionary<OperationToken, byte> _inFlight = new();
    private readonly SemaphoreSlim _ensureLock = new(1, 1);
    private volatile bool _calendarReady;
    private volatile bool _freeBusyQueryUnsupported;

    /// <summary>Initializes a new instance of the <see cref="CalendarConnector"/> class.</summary>
    /// <param name="options">The connector's settings; the values are copied.</param>
    /// <param name="timeProvider">The clock for timeouts, retry delays and event timestamps, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger for requests and retries (never credentials or bodies), or <see langword="null"/> for none.</param>
    /// <remarks>The constructor does no network I/O; it creates or migrates the ledger file.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message names the settings, never the password.</exception>
    /// <exception cref="ConnectorException">The ledger file cannot be opened, is damaged, or has a newer schema.</exception>
    public CalendarConnector(CalendarConnectorOptions options, TimeProvider? timeProvider = null, ILogger<CalendarConnector>? logger = null)
        : this(options, timeProvider, logger, handler: null)
    {
    }

    internal CalendarConnector(CalendarConnectorOptions options, TimeProvider? timeProvider, ILogger? logger, HttpMessageHandler? handler)
        : base(CalendarConnectorConstants.Name)
    {
        _ = Throw.IfNull(options);
        List<string> failures = CalendarConnectorOptionsValidation.GetFailures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _uidDomain = options.UidDomain;
        _createCalendarIfMissing = options.CreateCalendarIfMissing;
        _maxListedEvents = options.MaxListedEvents;
        _capabilities = CalendarCapabilities.Create(options.ReadOnly);
        Participant? organizer = null;
        if (options.DefaultOrganizer is not null && MailAddress.TryCreate(options.DefaultOrganizer, out MailAddress? address))
        {
            organizer = new Participant(address.Address, string.IsNullOrWhiteSpace(address.DisplayName) ? null : address.DisplayName);
        }

        _parser = new CalendarArgumentParser(organizer);
        _ledger = string.IsNullOrWhiteSpace(options.LedgerPath) ? null : new OperationLedger(options.LedgerPath, Name);
        _client = new CalDavClient(options, _timeProvider, handler, _logger, Name);
    }

    /// <summary>Gets the URL of the calendar collection, ending with a slash.</summary>
    public Uri CalendarUrl => _client.Collection;

    /// <summary>Gets the full path of the ledger file, or <see langword="null"/> for a read-only connector configured without one.</summary>
    public string? LedgerPath => _ledger?.Path;

    /// <inheritdoc/>
    public override IReadOnlyList<CapabilityDescriptor> Capabilities => _capabilities;

    /// <inheritdoc/>
    /// <remarks>Checks types, required and unknown members, times (ISO 8601, with an offset or a known <c>timeZone</c>, end after start),
    /// the summary, attendee and organizer addresses and UIDs; does no I/O.</remarks>
    public override void ValidateArguments(string capability, JsonElement arguments) => _ = Parse(capability, arguments);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="CalendarConnectorException">The server refused the operation, answered with malformed data, or did not answer.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; a write may or may not have reached
    /// the server, and a retry with the same token is safe.</exception>
    public override async Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        object arguments = Parse(request.Capability, request.Arguments);
        cancellationToken.ThrowIfCancellationRequested();

        switch (arguments)
        {
            case TimeRange range when request.Capability == ListCapability:
                return await ListAsync(request, range, cancellationToken).ConfigureAwait(false);
            case TimeRange range:
                return await FreeBusyAsync(request, range, cancellationToken).ConfigureAwait(false);
        }

        if (!_inFlight.TryAdd(request.Token, 0))
        {
            throw new ConnectorException(Name, $"the operation with token '{request.Token}' is already in progress", isTransient: true);
        }

        try
        {
            return arguments switch
            {
                EventDraft draft => await CreateAsync(request, draft, cancellationToken).ConfigureAwait(false),
                EventChanges changes => await UpdateAsync(request, changes, cancellationToken).ConfigureAwait(false),
                _ => await DeleteAsync(request, (string)arguments, cancellationToken).ConfigureAwait(false),
            };
        }
        finally
        {
            _ = _inFlight.TryRemove(request.Token, out _);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Answers from the ledger for recorded results. Otherwise asks the server: for a token the ledger does not know, whether
    /// the event with the token's derived UID exists (a create whose acknowledgement was lost); for a started update, whether the event
    /// carries the token; for a started delete, whether the event is gone. A result found this way is recorded. Reads are never recorded
    /// and report <see cref="OperationState.NotFound"/>.</remarks>
    /// <exception cref="ArgumentException"><paramref name="token"/> is the default token.</exception>
    /// <exception cref="CalendarConnectorException">The server or the ledger could not be read.</exception>
    public override async Task<OperationStatus> GetStatusAsync(OperationToken token, CancellationToken cancellationToken = default)
    {
        if (token.IsDefault)
        {
            throw new ArgumentException("The operation token is uninitialized.", nameof(token));
        }

        LedgerEntry? entry = _ledger is null ? null : await _ledger.TryGetAsync(token, cancellationToken).ConfigureAwait(false);
        if (entry?.Result is { } recorded)
        {
            return OperationStatus.Completed(recorded);
        }

        OperationResult? found = entry is null
            ? await FindCreatedAsync(token, cancellationToken).ConfigureAwait(false)
            : await FindPendingEffectAsync(token, entry, cancellationToken).ConfigureAwait(false);
        return found is null ? OperationStatus.NotFound(token) : OperationStatus.Completed(found);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client.Dispose();
            _ensureLock.Dispose();
        }

        base.Dispose(disposing);
    }

    private object Parse(string capability, JsonElement arguments)
    {
        base.ValidateArguments(capability, arguments);
        return capability switch
        {
            CreateCapability => _parser.ParseCreate(capability, arguments),
            UpdateCapability => _parser.ParseUpdate(capability, arguments),
            DeleteCapability => CalendarArgumentParser.ParseDelete(capability, arguments),
            ListCapability or FreeBusyCapability => CalendarArgumentParser.ParseRange(capability, arguments),
            _ => throw new UnknownCapabilityException(capability, Name),
        };
    }

    /// <summary>Parses a document the server returned, turning problems into an exception that names the request and the resource.</summary>
    private IcalCalendar ParseCalendar(DavResponse response, string text, string? href = null)
    {
        try
        {
            return EventDocument.Parse(text);
        }
        catch (InvalidDataException ex)
        {
            throw _client.Malformed(response, href is null ? ex.Message : $"{ex.Message} (in {href})", ex);
        }
    }

    private DateTimeOffset NowInWholeSeconds()
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private ConnectorException TokenReused(OperationToken token, LedgerEntry entry, string capability, string uid) =>
        new(Name, $"the token '{token}' was used for {entry.Capability} of the event '{entry.Uid}', not {capability} of '{uid}'", isTransient: false);
}
