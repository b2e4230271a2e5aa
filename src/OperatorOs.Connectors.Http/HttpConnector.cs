using System.Collections.Concurrent;
using System.Text.Json;
using OperatorOs.Connectors.Http.Internal;
using OperatorOs.Shared;
using Polly;

namespace OperatorOs.Connectors.Http;

/// <summary>Offers declared REST operations (<see cref="HttpOperation"/>) as capabilities, idempotent per operation token.</summary>
/// <remarks>
/// <para>Every request carries the operation token in the <see cref="HttpConnectorOptions.IdempotencyKeyHeaderName"/> header
/// (<c>Idempotency-Key</c> by default), so a server with idempotency-key semantics performs the effect once however often the
/// request arrives. Operations above <see cref="RiskTier.Read"/> are also recorded in a ledger after they complete: executing a
/// recorded token returns the recorded result and sends nothing, and <see cref="GetStatusAsync"/> answers from the ledger.
/// The ledger is a SQLite file when <see cref="HttpConnectorOptions.LedgerPath"/> is set; otherwise it is in memory and lasts as long as the connector, and across a
/// restart the server's idempotency handling is what keeps a retry from repeating the effect. Reads are not recorded.</para>
/// <para>Failed attempts are retried (Polly, with the connector's <see cref="TimeProvider"/>) only when repeating is safe: for the
/// idempotent methods GET, HEAD, PUT, DELETE, OPTIONS and TRACE, and for other methods only when they carry the idempotency key
/// and <see cref="HttpConnectorOptions.RetryKeyedNonIdempotentMethods"/> is set. Transient failures are network errors,
/// attempt timeouts and the statuses 408, 429 and 5xx; <c>Retry-After</c> is honoured, and a transient failure the connector gives up on
/// carries it in <see cref="ConnectorException.RetryAfter"/>. Other 4xx statuses fail at once with a
/// non-transient <see cref="HttpConnectorException"/>. Redirects are not followed, so credentials never leave the configured host.</para>
/// <para>Credentials are sent only as headers and are redacted from results and exception messages.</para>
/// <para>This class is thread-safe. Two concurrent executions of one token are not both sent: the second fails with a transient
/// <see cref="ConnectorException"/>.</para>
/// </remarks>
public sealed partial class HttpConnector : Connector
{
    private readonly Dictionary<string, CompiledOperation> _operations;
    private readonly IReadOnlyList<CapabilityDescriptor> _capabilities;
    private readonly HttpClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly IOperationLedger _ledger;
    private readonly SecretRedactor _redactor;
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly string? _idempotencyKeyHeaderName;
    private readonly bool _retryKeyedNonIdempotentMethods;
    private readonly int _maxResponseBytes;
    private readonly int _maxTextBodyChars;
    private readonly TimeSpan _timeout;
    private readonly ResiliencePipeline<ResponseData> _retrying;
    private readonly ResiliencePipeline<ResponseData> _once;
    private readonly ConcurrentDictionary<OperationToken, byte> _inFlight = new();

    /// <summary>Initializes a new instance of the <see cref="HttpConnector"/> class.</summary>
    /// <param name="options">The connector's settings; the values are copied.</param>
    /// <param name="timeProvider">The clock for timeouts, retry delays and result times, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <remarks>The constructor does no I/O.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message names the settings, never a credential.</exception>
    public HttpConnector(HttpConnectorOptions options, TimeProvider? timeProvider = null)
        : this(options, timeProvider, options?.LedgerPath is { Length: > 0 } path ? new SqliteOperationLedger(path, options.Name) : new InMemoryOperationLedger())
    {
    }

    internal HttpConnector(HttpConnectorOptions options, TimeProvider? timeProvider, IOperationLedger ledger)
        : base(Validated(options).Name)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ledger = ledger;
        _operations = new Dictionary<string, CompiledOperation>(StringComparer.Ordinal);
        var capabilities = new List<CapabilityDescriptor>();
        foreach (HttpOperation operation in options.Operations)
        {
            if (options.ReadOnly && operation.RiskTier != RiskTier.Read)
            {
                continue;
            }

            var compiled = new CompiledOperation(operation, options.BaseAddress);
            _operations.Add(compiled.Descriptor.Name, compiled);
            capabilities.Add(compiled.Descriptor);
        }

        _capabilities = capabilities.AsReadOnly();
        _idempotencyKeyHeaderName = string.IsNullOrEmpty(options.IdempotencyKeyHeaderName) ? null : options.IdempotencyKeyHeaderName;
        _retryKeyedNonIdempotentMethods = options.RetryKeyedNonIdempotentMethods;
        _maxResponseBytes = options.MaxResponseBytes;
        _maxTextBodyChars = options.MaxTextBodyChars;
        _timeout = options.Timeout;

        var headers = new List<KeyValuePair<string, string>>(options.DefaultHeaders);
        var secrets = new List<string?> { options.BearerToken, options.ApiKey };
        secrets.AddRange(options.DefaultHeaders.Where(h => SecretRedactor.IsSensitiveHeader(h.Key, options.ApiKeyHeaderName)).Select(h => h.Value));
        if (!string.IsNullOrEmpty(options.BearerToken))
        {
            headers.Add(new("Authorization", "Bearer " + options.BearerToken));
        }

        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            headers.Add(new(options.ApiKeyHeaderName, options.ApiKey));
        }

        _headers = [.. headers];
        _redactor = new SecretRedactor(secrets);
        _retrying = BuildPipeline(options, _timeProvider, retry: true);
        _once = BuildPipeline(options, _timeProvider, retry: false);
        _client = new HttpClient(
            new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                UseCookies = false,
            },
            disposeHandler: true)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <inheritdoc/>
    public override IReadOnlyList<CapabilityDescriptor> Capabilities => _capabilities;

    /// <inheritdoc/>
    /// <remarks>Checks that every placeholder and the body argument are present, that values have the right types, and that no
    /// unknown or duplicated argument is given; does no I/O.</remarks>
    public override void ValidateArguments(string capability, JsonElement arguments) => _ = Prepare(capability, arguments);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="HttpConnectorException">The server answered with an error status, or no answer came in time.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the request may or may not have reached the server, and a retry with the same token is safe where the server honours the idempotency key.</exception>
    public override async Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        PreparedRequest prepared = Prepare(request.Capability, request.Arguments);
        cancellationToken.ThrowIfCancellationRequested();

        if (!_inFlight.TryAdd(request.Token, 0))
        {
            throw new ConnectorException(Name, $"the operation with token '{request.Token}' is already in progress", isTransient: true);
        }

        try
        {
            bool recorded = prepared.Operation.Descriptor.RiskTier != RiskTier.Read;
            if (recorded && await _ledger.TryGetAsync(request.Token, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                if (!string.Equals(existing.Capability, request.Capability, StringComparison.Ordinal))
                {
                    throw new ConnectorException(Name, $"the token '{request.Token}' was used for '{existing.Capability}', not '{request.Capability}'", isTransient: false);
                }

                return existing;
            }

            ResponseData response = await SendAsync(prepared, request.Token, cancellationToken).ConfigureAwait(false);
            var result = new OperationResult(
                request.Token,
                request.Capability,
                ResultOutput.Build(response, _redactor, _maxTextBodyChars),
                $"{prepared.Operation.Method.Method} {prepared.Uri.AbsolutePath} -> {response.StatusCode}",
                _timeProvider.GetUtcNow());
            if (recorded)
            {
                await _ledger.RecordAsync(result, CancellationToken.None).ConfigureAwait(false);
            }

            return result;
        }
        finally
        {
            _ = _inFlight.TryRemove(request.Token, out _);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Answers from the connector's ledger: <see cref="OperationState.Completed"/> for a recorded operation, otherwise
    /// <see cref="OperationState.NotFound"/> (also for reads, which are not recorded, and for operations completed before a restart).</remarks>
    /// <exception cref="ArgumentException"><paramref name="token"/> is the default token.</exception>
    public override async Task<OperationStatus> GetStatusAsync(OperationToken token, CancellationToken cancellationToken = default)
    {
        if (token.IsDefault)
        {
            throw new ArgumentException("The operation token is uninitialized.", nameof(token));
        }

        OperationResult? result = await _ledger.TryGetAsync(token, cancellationToken).ConfigureAwait(false);
        return result is null ? OperationStatus.NotFound(token) : OperationStatus.Completed(result);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client.Dispose();
        }

        base.Dispose(disposing);
    }

    private static HttpConnectorOptions Validated(HttpConnectorOptions options)
    {
        _ = Throw.IfNull(options);
        List<string> failures = HttpConnectorOptionsValidation.GetFailures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        return options;
    }

    private PreparedRequest Prepare(string capability, JsonElement arguments)
    {
        _ = Throw.IfNull(capability);
        if (!_operations.TryGetValue(capability, out CompiledOperation? operation))
        {
            throw new UnknownCapabilityException(capability, Name);
        }

        return operation.Prepare(arguments);
    }
}
