using System.Text.Json;

namespace OperatorOs.Connectors.Http;

/// <summary>Declares one REST operation that an <see cref="HttpConnector"/> offers as a capability.</summary>
/// <remarks>
/// <para>The URL template is relative to <see cref="HttpConnectorOptions.BaseAddress"/> (or absolute) and may contain
/// <c>{name}</c> placeholders; each placeholder is a required argument whose value (a string, number or boolean) is
/// URL-encoded into the path. Arguments listed in <see cref="QueryArguments"/> are optional and go to the query string;
/// the argument named by <see cref="BodyArgument"/> is required and is sent as the JSON request body. Any other argument
/// is rejected.</para>
/// <para>The connector copies the definition when it is created; changing it afterwards has no effect.</para>
/// </remarks>
public sealed class HttpOperation
{
    /// <summary>Gets or sets the capability name, for example <c>payments.refund</c>.</summary>
    /// <value>The default value is <see langword="null"/>; a valid capability name (see <see cref="IntentName"/>) is required.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets what the operation does, written for a model and an operator.</summary>
    /// <value>The default value is <see langword="null"/>, which describes the operation by its method and URL template.</value>
    public string? Description { get; set; }

    /// <summary>Gets or sets how much harm the operation can do.</summary>
    /// <value>The default value is <see cref="RiskTier.External"/>: a call to a third-party API is visible outside the business.
    /// Declare <see cref="RiskTier.Read"/> only for operations that change nothing.</value>
    public RiskTier RiskTier { get; set; } = RiskTier.External;

    /// <summary>Gets or sets the HTTP method, for example <c>GET</c> or <c>POST</c>.</summary>
    /// <value>The default value is <c>GET</c>.</value>
    public string Method { get; set; } = "GET";

    /// <summary>Gets or sets the URL template, for example <c>/customers/{customerId}/refunds</c>.</summary>
    /// <value>The default value is <see langword="null"/>; a template is required. Write <c>{{</c> and <c>}}</c> for literal braces.</value>
    public string? UrlTemplate { get; set; }

    /// <summary>Gets the names of the optional arguments sent in the query string.</summary>
    /// <value>Empty by default. A value may be a string, number, boolean or an array of those (repeated parameter).</value>
    public IList<string> QueryArguments { get; } = [];

    /// <summary>Gets or sets the name of the argument sent as the JSON request body.</summary>
    /// <value>The default value is <see langword="null"/>: the request has no body.</value>
    public string? BodyArgument { get; set; }

    /// <summary>Gets or sets the JSON schema of the arguments object, as models and operators see it.</summary>
    /// <value>The default value is <see langword="null"/>, which generates an object schema from the placeholders, query
    /// arguments and body argument. A supplied schema must be an object; the connector also enforces its <c>required</c> list.</value>
    public JsonElement? ArgumentsSchema { get; set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Method} {UrlTemplate} ({RiskTier})";
}
