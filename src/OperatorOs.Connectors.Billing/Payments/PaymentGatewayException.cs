namespace OperatorOs.Connectors.Billing;

/// <summary>The exception that is thrown when a payment provider refuses a request or cannot be reached.</summary>
/// <remarks>The message never contains the API key.</remarks>
public sealed class PaymentGatewayException : ConnectorException
{
    /// <summary>Initializes a new instance of the <see cref="PaymentGatewayException"/> class.</summary>
    /// <param name="connector">The connector's name.</param>
    /// <param name="message">What failed.</param>
    /// <param name="isTransient">Whether trying again with the same idempotency key may succeed.</param>
    /// <param name="statusCode">The HTTP status of the provider's answer, or <see langword="null"/> when none came.</param>
    /// <param name="errorType">The provider's error type (for example <c>idempotency_error</c> or <c>card_error</c>), or <see langword="null"/>.</param>
    /// <param name="errorCode">The provider's error code (for example <c>card_declined</c>), or <see langword="null"/>.</param>
    /// <param name="innerException">The exception that caused the failure, if any.</param>
    public PaymentGatewayException(string connector, string message, bool isTransient, int? statusCode = null, string? errorType = null, string? errorCode = null, Exception? innerException = null)
        : base(connector, message, isTransient, innerException)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
        ErrorCode = errorCode;
    }

    /// <summary>Gets the HTTP status of the provider's answer, or <see langword="null"/> when none came (a network failure or a timeout).</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the provider's error type, or <see langword="null"/>.</summary>
    public string? ErrorType { get; }

    /// <summary>Gets the provider's error code, or <see langword="null"/>.</summary>
    public string? ErrorCode { get; }
}
