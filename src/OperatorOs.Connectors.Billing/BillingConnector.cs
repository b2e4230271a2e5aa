using System.Text.Json;
using Microsoft.Data.Sqlite;
using OperatorOs.Connectors.Billing.Internal;
using OperatorOs.Shared;

namespace OperatorOs.Connectors.Billing;

/// <summary>The canonical billing ledger: customers, invoices, payments and refunds in one SQLite file, idempotent per operation token.</summary>
/// <remarks>
/// <para>Capabilities: <c>billing.balance</c> (<see cref="RiskTier.Read"/>) and, unless <see cref="BillingConnectorOptions.ReadOnly"/>
/// is set, <c>billing.customer.upsert</c> (<see cref="RiskTier.Internal"/>), <c>billing.invoice.create</c>, <c>billing.payment.record</c>
/// and <c>billing.refund</c> (<see cref="RiskTier.Financial"/>).</para>
/// <para>Money is a <see cref="decimal"/> with an ISO 4217 currency code and is stored as integer minor units; every currency is
/// treated as having two decimal places, and amounts with more are rejected.</para>
/// <para>Each operation with an effect runs in one <c>BEGIN IMMEDIATE</c> transaction that checks the token, performs the effect
/// and records the result in the <c>operations</c> table, so a token is either fully applied with its result recorded or not at
/// all. Executing a recorded token returns the recorded result; <see cref="GetStatusAsync"/> answers from the same table.
/// With an <see cref="IPaymentGateway"/>, <c>billing.payment.record</c> charges a payment method and <c>billing.refund</c> refunds a
/// charge through the gateway, inside that same transaction and after the ledger's rules were checked, with the operation token
/// as the gateway's idempotency key; the gateway's charge and refund ids are recorded with the payment and refund. A crash
/// after the gateway acted but before the commit leaves no ledger record, and the retry with the same token gets the gateway's
/// stored answer instead of a second charge. The ledger's write lock is held during the gateway call.
/// Invoice numbers (<c>yyyy-nnnnnn</c>, per UTC year of the <see cref="TimeProvider"/>) are assigned in that transaction, so they
/// never skip or repeat, also across instances and processes sharing the file. <c>billing.balance</c> is not recorded.</para>
/// <para>This class is thread-safe.</para>
/// </remarks>
public sealed partial class BillingConnector : Connector
{
    /// <summary>The name of the capability that creates or updates a customer.</summary>
    public const string CustomerUpsertCapability = "billing.customer.upsert";

    /// <summary>The name of the capability that issues an invoice.</summary>
    public const string InvoiceCreateCapability = "billing.invoice.create";

    /// <summary>The name of the capability that records a payment.</summary>
    public const string PaymentRecordCapability = "billing.payment.record";

    /// <summary>The name of the capability that refunds a payment.</summary>
    public const string RefundCapability = "billing.refund";

    /// <summary>The name of the capability that reports balances.</summary>
    public const string BalanceCapability = "billing.balance";

    private readonly ConnectorLedgerFile _database;
    private readonly bool _readOnly;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyList<CapabilityDescriptor> _capabilities;
    private readonly IPaymentGateway? _gateway;

    /// <summary>Initializes a new instance of the <see cref="BillingConnector"/> class, creating or migrating the ledger file.</summary>
    /// <param name="options">The connector's settings; the values are copied.</param>
    /// <param name="timeProvider">The clock that stamps results and chooses the invoice year, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="paymentGateway">The gateway through which payments are charged and refunds paid out, or <see langword="null"/>
    /// to record payments and refunds that happened elsewhere. The connector does not dispose it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid, for example <see cref="BillingConnectorOptions.DatabasePath"/> is missing.</exception>
    /// <exception cref="ConnectorException">The ledger file cannot be opened, is damaged, or has a newer schema.</exception>
    public BillingConnector(BillingConnectorOptions options, TimeProvider? timeProvider = null, IPaymentGateway? paymentGateway = null)
        : base("billing")
    {
        _ = Throw.IfNull(options);
        List<string> failures = BillingConnectorOptionsValidation.GetFailures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _readOnly = options.ReadOnly;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _gateway = paymentGateway;
        _capabilities = BillingCapabilities.Create(_readOnly, paymentGateway is not null);
        _database = new ConnectorLedgerFile(options.DatabasePath!, Name, "billing ledger", BillingSchema.Migrations, "PRAGMA foreign_keys = ON;");
    }

    /// <summary>Gets a value indicating whether payments and refunds go through an <see cref="IPaymentGateway"/>.</summary>
    public bool HasPaymentGateway => _gateway is not null;

    /// <summary>Gets the full path of the ledger file.</summary>
    public string DatabasePath => _database.Path;

    /// <inheritdoc/>
    public override IReadOnlyList<CapabilityDescriptor> Capabilities => _capabilities;

    /// <inheritdoc/>
    /// <remarks>Checks types, required and unknown members, identifiers, invoice numbers, currency codes and amounts (positive,
    /// at most two decimal places); does no I/O.</remarks>
    public override void ValidateArguments(string capability, JsonElement arguments) => _ = Parse(capability, arguments);

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before the commit; nothing was changed.</exception>
    /// <exception cref="ConnectorException">The operation was refused (for example a refund above what was paid, or a currency mismatch)
    /// with <see cref="ConnectorException.IsTransient"/> <see langword="false"/>, or the ledger was busy or failed.</exception>
    public override async Task<OperationResult> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(request);
        BillingArguments arguments = Parse(request.Capability, request.Arguments);
        cancellationToken.ThrowIfCancellationRequested();

        try
        {
            return request.Capability == BalanceCapability
                ? await BalanceAsync(request, arguments, cancellationToken).ConfigureAwait(false)
                : await ExecuteEffectAsync(request, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw _database.Translate(ex);
        }
        catch (InvalidDataException ex)
        {
            throw new ConnectorException(Name, ex.Message, isTransient: false, ex);
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
            SqliteConnection connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                OperationResult? result = await OperationRecords.TryReadAsync(connection, null, token, cancellationToken).ConfigureAwait(false);
                return result is null ? OperationStatus.NotFound(token) : OperationStatus.Completed(result);
            }
        }
        catch (SqliteException ex)
        {
            throw _database.Translate(ex);
        }
        catch (InvalidDataException ex)
        {
            throw new ConnectorException(Name, ex.Message, isTransient: false, ex);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Returns a copy of the connector's <see cref="BillingConnectorOptions"/> when asked for that type.</remarks>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        _ = Throw.IfNull(serviceType);
        if (serviceKey is null && serviceType == typeof(BillingConnectorOptions))
        {
            return new BillingConnectorOptions { DatabasePath = _database.Path, ReadOnly = _readOnly };
        }

        return base.GetService(serviceType, serviceKey);
    }

    private BillingArguments Parse(string capability, JsonElement arguments)
    {
        base.ValidateArguments(capability, arguments);
        switch (capability)
        {
            case CustomerUpsertCapability:
                ArgumentReader.RejectUnknownMembers(capability, arguments, "customerId", "name", "email");
                return new BillingArguments(
                    ArgumentReader.RequireIdentifier(capability, arguments, "customerId"),
                    ArgumentReader.RequireString(capability, arguments, "name"),
                    ArgumentReader.OptionalString(capability, arguments, "email"),
                    null,
                    null,
                    0,
                    null);

            case InvoiceCreateCapability:
                ArgumentReader.RejectUnknownMembers(capability, arguments, "customerId", "currency", "amount", "description");
                return new BillingArguments(
                    ArgumentReader.RequireIdentifier(capability, arguments, "customerId"),
                    null,
                    null,
                    null,
                    ArgumentReader.RequireCurrency(capability, arguments, "currency"),
                    ArgumentReader.RequireAmount(capability, arguments, "amount"),
                    ArgumentReader.OptionalString(capability, arguments, "description"));

            case PaymentRecordCapability:
            case RefundCapability:
                {
                    bool refund = capability == RefundCapability;
                    string note = refund ? "reason" : "reference";
                    string? gatewayMember = _gateway is null ? null : refund ? "chargeId" : "paymentMethod";
                    if (gatewayMember is null)
                    {
                        ArgumentReader.RejectUnknownMembers(capability, arguments, "invoiceNumber", "currency", "amount", note);
                    }
                    else
                    {
                        ArgumentReader.RejectUnknownMembers(capability, arguments, "invoiceNumber", "currency", "amount", note, gatewayMember);
                    }

                    var parsed = new BillingArguments(
                        null,
                        null,
                        null,
                        ArgumentReader.RequireInvoiceNumber(capability, arguments, "invoiceNumber"),
                        ArgumentReader.RequireCurrency(capability, arguments, "currency"),
                        ArgumentReader.RequireAmount(capability, arguments, "amount"),
                        ArgumentReader.OptionalString(capability, arguments, note));
                    return gatewayMember switch
                    {
                        "paymentMethod" => parsed with { PaymentMethod = ArgumentReader.RequireIdentifier(capability, arguments, "paymentMethod") },
                        "chargeId" => parsed with
                        {
                            ChargeId = ArgumentReader.OptionalString(capability, arguments, "chargeId") is { } charge ? ArgumentReader.CheckIdentifier(capability, "chargeId", charge) : null,
                        },
                        _ => parsed,
                    };
                }

            case BalanceCapability:
                {
                    ArgumentReader.RejectUnknownMembers(capability, arguments, "customerId", "invoiceNumber");
                    string? customerId = ArgumentReader.OptionalString(capability, arguments, "customerId");
                    string? invoiceNumber = ArgumentReader.OptionalString(capability, arguments, "invoiceNumber");
                    if ((customerId is null) == (invoiceNumber is null))
                    {
                        throw new ConnectorArgumentException(capability, "$", "give exactly one of customerId and invoiceNumber");
                    }

                    return new BillingArguments(
                        customerId is null ? null : ArgumentReader.CheckIdentifier(capability, "customerId", customerId),
                        null,
                        null,
                        invoiceNumber is null ? null : ArgumentReader.CheckInvoiceNumber(capability, "invoiceNumber", invoiceNumber),
                        null,
                        0,
                        null);
                }

            default:
                throw new UnknownCapabilityException(capability, Name);
        }
    }

    private ConnectorException Refused(string message) => new(Name, message, isTransient: false);
}
