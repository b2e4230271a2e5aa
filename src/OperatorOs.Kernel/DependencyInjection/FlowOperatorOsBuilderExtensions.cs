using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OperatorOs;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds durable flows and routes to them to OperatorOs.</summary>
public static class FlowOperatorOsBuilderExtensions
{
    /// <summary>Registers a flow definition, and the hosted service that resumes unfinished instances when the host starts.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="definition">The definition; register every version that still has running instances.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>Two registrations of the same name and version fail when the runtime is first resolved.</remarks>
    public static IOperatorOsBuilder AddFlow(this IOperatorOsBuilder builder, FlowDefinition definition)
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNull(definition);
        builder.Services.AddSingleton(definition);
        builder.Services.TryAddSingleton<FlowRecoveryService>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FlowRecoveryService>(sp => sp.GetRequiredService<FlowRecoveryService>()));
        return builder;
    }

    /// <summary>Defines and registers a flow.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="name">The flow's name.</param>
    /// <param name="version">The definition's version; new instances use the latest registered version, running ones keep theirs.</param>
    /// <param name="configure">Declares the initial state, the states and their transitions.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="FlowDefinitionException">The definition is malformed; thrown here, at startup, naming the flow and the state.</exception>
    public static IOperatorOsBuilder AddFlow(this IOperatorOsBuilder builder, string name, int version, Action<FlowBuilder> configure)
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNull(configure);
        var flow = new FlowBuilder(name, version);
        configure(flow);
        return builder.AddFlow(flow.Build());
    }

    /// <summary>Routes intents with an exact name to a flow: they start an instance or are delivered to the one they correlate with.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="intentName">The intent name.</param>
    /// <param name="flowName">The flow's name.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A name is malformed.</exception>
    /// <remarks>The kernel checks at startup that the flow is registered. See the kernel README for how an intent maps to an instance.</remarks>
    public static IOperatorOsBuilder MapIntentToFlow(this IOperatorOsBuilder builder, string intentName, string flowName)
    {
        _ = Throw.IfNull(builder);
        builder.Services.AddSingleton(new IntentRoute(intentName, RouteTargetKind.Flow, flowName));
        return builder;
    }

    /// <summary>Routes intents that satisfy a predicate to a flow; rule routes are tried in registration order after exact names.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="ruleId">The rule's id, recorded with each decision.</param>
    /// <param name="predicate">Decides whether an intent matches.</param>
    /// <param name="flowName">The flow's name.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOperatorOsBuilder MapRuleToFlow(this IOperatorOsBuilder builder, string ruleId, Func<Intent, bool> predicate, string flowName)
    {
        _ = Throw.IfNull(builder);
        builder.Services.AddSingleton(new IntentRuleRoute(ruleId, predicate, RouteTargetKind.Flow, flowName));
        return builder;
    }

    /// <summary>Configures the flow runtime.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOperatorOsBuilder ConfigureFlows(this IOperatorOsBuilder builder, Action<FlowRuntimeOptions> configure)
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
