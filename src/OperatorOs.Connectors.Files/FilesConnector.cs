using System.Text.Json;
using OperatorOs.Connectors.Files.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Files;

/// <summary>The canonical document store: text files under a root directory on the local file system, versioned and idempotent per operation token.</summary>
/// <remarks>
/// <para>Capabilities: <c>files.read</c>, <c>files.list</c> and <c>files.history</c> (<see cref="RiskTier.Read"/>), and unless
/// <see cref="FilesConnectorOptions.ReadOnly"/> is set, <c>files.write</c> and <c>files.delete</c> (<see cref="RiskTier.Internal"/>).</para>
/// <para>A version is the lower-case hex SHA-256 of a file's bytes. Every version the connector writes or deletes is kept under
/// <c>.operatoros/objects</c>, and each path has a history log, so earlier versions stay readable after overwrites and deletes.
/// Writes are atomic: a temporary file in the same directory is flushed and renamed over the target.</para>
/// <para>Writes and deletes are recorded in a durable ledger under <c>.operatoros/ledger</c> after their effect; executing a
/// recorded token returns the recorded result and does nothing. Reads have no effect and are not recorded: executing a read
/// token again reads again, and <see cref="GetStatusAsync"/> reports <see cref="OperationState.NotFound"/> for it.</para>
/// <para>Paths are relative, use '/', and are checked before any I/O; paths through symbolic links are rejected.</para>
/// <para>This class is thread-safe. Operations of one instance run one at a time; the connector does not coordinate with
/// other processes or other instances sharing the root.</para>
/// </remarks>
public sealed partial class FilesConnector : Connector
{
    /// <summary>The name of the capability that reads a file.</summary>
    public const string ReadCapability = "files.read";

    /// <summary>The name of the capability that lists files.</summary>
    public const string ListCapability = "files.list";

    /// <summary>The name of the capability that lists a file's history.</summary>
    public const string HistoryCapability = "files.history";

    /// <summary>The name of the capability that writes a file.</summary>
    public const string WriteCapability = "files.write";

    /// <summary>The name of the capability that deletes a file.</summary>
    public const string DeleteCapability = "files.delete";

    private readonly string _root;
    private readonly string _storeDirectory;
    private readonly bool _readOnly;
    private readonly int _maxFileBytes;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyList<CapabilityDescriptor> _capabilities;
    private readonly ObjectStore _objects;
    private readonly PathHistory _history;
    private readonly OperationLedger _ledger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Initializes a new instance of the <see cref="FilesConnector"/> class.</summary>
    /// <param name="options">The connector's settings; the values are copied.</param>
    /// <param name="timeProvider">The clock that stamps results and history, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <remarks>The constructor does no I/O; the root and the hidden store are created by the first write.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid, for example <see cref="FilesConnectorOptions.RootPath"/> is missing.</exception>
    public FilesConnector(FilesConnectorOptions options, TimeProvider? timeProvider = null)
        : base("files")
    {
        _ = Throw.IfNull(options);
        List<string> failures = FilesConnectorOptionsValidation.GetFailures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.RootPath!));
        _readOnly = options.ReadOnly;
        _maxFileBytes = options.MaxFileBytes;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _capabilities = FilesCapabilities.Create(_readOnly);
        _storeDirectory = Path.Combine(_root, FilesConnectorConstants.StoreDirectoryName);
        _objects = new ObjectStore(Path.Combine(_storeDirectory, "objects"));
        _history = new PathHistory(Path.Combine(_storeDirectory, "history"));
        _ledger = new OperationLedger(Path.Combine(_storeDirectory, "ledger"));
    }

    /// <summary>Gets the full path of the root directory.</summary>
    public string RootPath => _root;

    /// <inheritdoc/>
    public override IReadOnlyList<CapabilityDescriptor> Capabilities => _capabilities;

    /// <inheritdoc/>
    /// <remarks>Checks types, required and unknown members, the path rules and the size limit; does no I/O.</remarks>
    public override void ValidateArguments(string capability, JsonElement arguments) => _ = Parse(capability, arguments);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the effect; nothing was changed.</exception>
    public override async Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        FilesArguments arguments = Parse(request.Capability, request.Arguments);
        cancellationToken.ThrowIfCancellationRequested();

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return request.Capability switch
            {
                ReadCapability => await ReadAsync(request, arguments, cancellationToken).ConfigureAwait(false),
                ListCapability => await ListAsync(request, arguments, cancellationToken).ConfigureAwait(false),
                HistoryCapability => await HistoryAsync(request, arguments, cancellationToken).ConfigureAwait(false),
                _ => await ExecuteEffectAsync(request, arguments, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception ex) when (ToConnectorException(ex, arguments.Path.Length == 0 ? "." : arguments.Path) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            _ = _gate.Release();
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="token"/> is the default token.</exception>
    /// <exception cref="ConnectorException">The ledger could not be read.</exception>
    public override async Task<OperationStatus> GetStatusAsync(OperationToken token, CancellationToken cancellationToken = default)
    {
        if (token.IsDefault)
        {
            throw new ArgumentException("The operation token is uninitialized.", nameof(token));
        }

        try
        {
            OperationResult? result = await _ledger.TryReadAsync(token, cancellationToken).ConfigureAwait(false);
            return result is null ? OperationStatus.NotFound(token) : OperationStatus.Completed(result);
        }
        catch (Exception ex) when (ToConnectorException(ex, FilesConnectorConstants.StoreDirectoryName) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Returns a copy of the connector's <see cref="FilesConnectorOptions"/> when asked for that type.</remarks>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        _ = Throw.IfNull(serviceType);
        if (serviceKey is null && serviceType == typeof(FilesConnectorOptions))
        {
            return new FilesConnectorOptions { RootPath = _root, ReadOnly = _readOnly, MaxFileBytes = _maxFileBytes };
        }

        return base.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }

    private FilesArguments Parse(string capability, JsonElement arguments)
    {
        base.ValidateArguments(capability, arguments);
        switch (capability)
        {
            case ReadCapability:
                {
                    ArgumentReader.RejectUnknownMembers(capability, arguments, "path", "version");
                    (string path, string full) = RequirePath(capability, arguments, "path");
                    return new FilesArguments(path, full, ArgumentReader.OptionalVersion(capability, arguments, "version"), null, null);
                }

            case ListCapability:
                {
                    ArgumentReader.RejectUnknownMembers(capability, arguments, "directory");
                    string? directory = ArgumentReader.OptionalString(capability, arguments, "directory");
                    if (string.IsNullOrEmpty(directory))
                    {
                        return new FilesArguments(string.Empty, _root, null, null, null);
                    }

                    (string path, string full) = CheckPath(capability, "directory", directory);
                    return new FilesArguments(path, full, null, null, null);
                }

            case HistoryCapability:
            case DeleteCapability:
                {
                    ArgumentReader.RejectUnknownMembers(capability, arguments, "path");
                    (string path, string full) = RequirePath(capability, arguments, "path");
                    return new FilesArguments(path, full, null, null, null);
                }

            case WriteCapability:
                {
                    ArgumentReader.RejectUnknownMembers(capability, arguments, "path", "content", "expectedVersion");
                    (string path, string full) = RequirePath(capability, arguments, "path");
                    byte[] content = ArgumentReader.RequireUtf8Content(capability, arguments, "content", _maxFileBytes);
                    string? expected = ArgumentReader.OptionalVersion(capability, arguments, "expectedVersion");
                    return new FilesArguments(path, full, null, content, expected);
                }

            default:
                throw new UnknownCapabilityException(capability, Name);
        }
    }

    private (string Path, string FullPath) RequirePath(string capability, JsonElement arguments, string name) =>
        CheckPath(capability, name, ArgumentReader.RequireString(capability, arguments, name));

    private (string Path, string FullPath) CheckPath(string capability, string name, string path)
    {
        string? problem = FilePathRules.FindProblem(path);
        string? full = problem is null ? FilePathRules.TryGetFullPath(_root, path) : null;
        if (full is null)
        {
            throw new ConnectorArgumentException(capability, ArgumentReader.JsonPathOf(name), problem ?? "the path resolves outside the root");
        }

        return (path, full);
    }

    /// <summary>Checks the existing components of a path: none may be a symbolic link or other reparse point, so no operation
    /// follows a link out of the root, and none but the last may be a file.</summary>
    private void CheckExistingComponents(string capability, string name, string relativePath)
    {
        string current = _root;
        string[] segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < segments.Length; i++)
        {
            current = Path.Combine(current, segments[i]);
            FileAttributes attributes;
            try
            {
                attributes = File.GetAttributes(current);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return;
            }

            string prefix = string.Join('/', segments, 0, i + 1);
            if ((attributes & FileAttributes.ReparsePoint) != 0)
            {
                throw new ConnectorArgumentException(capability, ArgumentReader.JsonPathOf(name), $"'{prefix}' is a symbolic link or reparse point; the connector does not follow links");
            }

            if (i < segments.Length - 1 && (attributes & FileAttributes.Directory) == 0)
            {
                throw new ConnectorException(Name, $"'{prefix}' is a file, so '{relativePath}' cannot be under it", isTransient: false);
            }
        }
    }

    private OperationResult Result(OperationRequest request, JsonElement output, string summary, DateTimeOffset completedAt) =>
        new(request.Token, request.Capability, output, summary, completedAt);

    private ConnectorException? ToConnectorException(Exception exception, string path) => exception switch
    {
        InvalidDataException => new ConnectorException(Name, $"the hidden store under '{FilesConnectorConstants.StoreDirectoryName}' is damaged: {exception.Message}", isTransient: false, exception),
        PathTooLongException => new ConnectorException(Name, $"the path '{path}' is too long for the file system", isTransient: false, exception),
        IOException => new ConnectorException(Name, $"I/O failed on '{path}': {exception.Message}", isTransient: true, exception),
        UnauthorizedAccessException => new ConnectorException(Name, $"access to '{path}' was denied: {exception.Message}", isTransient: false, exception),
        _ => null,
    };
}
