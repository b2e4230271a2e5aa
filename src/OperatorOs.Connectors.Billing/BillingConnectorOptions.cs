namespace OperatorOs.Connectors.Billing;

/// <summary>The settings of a <see cref="BillingConnector"/>.</summary>
public sealed class BillingConnectorOptions
{
    /// <summary>Gets or sets the path of the SQLite file that holds the ledger; it is created when missing.</summary>
    /// <value>Required. A relative path is resolved against the current directory.</value>
    public string? DatabasePath { get; set; }

    /// <summary>Gets or sets a value indicating whether the connector offers only <c>billing.balance</c>.</summary>
    /// <value>The default value is <see langword="false"/>, so the connector offers the capabilities that write to the ledger.</value>
    public bool ReadOnly { get; set; }
}
