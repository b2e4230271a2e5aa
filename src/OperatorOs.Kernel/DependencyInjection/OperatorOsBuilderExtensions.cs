using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OperatorOs;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds agents, routes and policies to OperatorOs.</summary>
public static class OperatorOsBuilderExtensions
{
    /// <summary>Registers an agent role.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="role">The role.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOperatorOsBuilder AddAgent(this IOperatorOsBuilder builder, AgentRole role)
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNull(role);
        builder.Services.AddSingleton(role);
        return builder;
    }

    /// <summary>Routes intents with an exact name to an agent role.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="intentName">The intent name.</param>
    /// <param name="agentName">The agent role's name.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A name is malformed.</exception>
    /// <remarks>The kernel checks at startup that the agent is registered and that no intent has two routes.</remarks>
    public static IOperatorOsBuilder MapIntentToAgent(this IOperatorOsBuilder builder, string intentName, string agentName)
    {
        _ = Throw.IfNull(builder);
        builder.Services.AddSingleton(new IntentRoute(intentName, RouteTargetKind.Agent, agentName));
        return builder;
    }

    /// <summary>Routes intents that satisfy a predicate to an agent role; rule routes are tried in registration order after exact names.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="ruleId">The rule's id, recorded with each decision.</param>
    /// <param name="predicate">Decides whether an intent matches.</param>
    /// <param name="agentName">The agent role's name.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOperatorOsBuilder MapRuleToAgent(this IOperatorOsBuilder builder, string ruleId, Func<Intent, bool> predicate, string agentName)
    {
        _ = Throw.IfNull(builder);
        builder.Services.AddSingleton(new IntentRuleRoute(ruleId, predicate, RouteTargetKind.Agent, agentName));
        return builder;
    }

    /// <summary>Routes intents whose text is close to example phrases to an agent role, when no exact or rule route matched.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="agentName">The agent role's name.</param>
    /// <param name="exemplars">Phrases typical of the intents the agent should take.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>Thresholds are set with <c>services.Configure&lt;SemanticRoutingOptions&gt;(...)</c>.</remarks>
    public static IOperatorOsBuilder MapExemplarsToAgent(this IOperatorOsBuilder builder, string agentName, params IEnumerable<string> exemplars)
    {
        _ = Throw.IfNull(builder);
        builder.Services.AddSingleton(new SemanticRoute(RouteTargetKind.Agent, agentName, exemplars));
        return builder;
    }

    /// <summary>Adds a policy to the pipeline, after the built-in ones.</summary>
    /// <typeparam name="TPolicy">The policy type, resolved from the container.</typeparam>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IOperatorOsBuilder AddPolicy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TPolicy>(this IOperatorOsBuilder builder)
        where TPolicy : class, IPolicy
    {
        _ = Throw.IfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicy, TPolicy>());
        return builder;
    }

    /// <summary>Adds a policy instance to the pipeline, after the built-in ones.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOperatorOsBuilder AddPolicy(this IOperatorOsBuilder builder, IPolicy policy)
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNull(policy);
        builder.Services.AddSingleton(policy);
        return builder;
    }

    /// <summary>Reads the operator's policy file from <paramref name="path"/>; the same as setting <see cref="OperatorOsOptions.PolicyFile"/>.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="path">The path of the JSON policy file; a relative path is resolved against the current directory.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public static IOperatorOsBuilder AddPolicyFile(this IOperatorOsBuilder builder, string path)
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNullOrWhitespace(path);
        builder.Services.Configure<OperatorOsOptions>(o => o.PolicyFile = path);
        return builder;
    }

    /// <summary>Registers a connector instance; its capabilities become available to proposals.</summary>
    /// <param name="builder">The OperatorOs builder.</param>
    /// <param name="connector">The connector.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IOperatorOsBuilder AddConnector(this IOperatorOsBuilder builder, Connector connector)
    {
        _ = Throw.IfNull(builder);
        _ = Throw.IfNull(connector);
        builder.Services.AddSingleton(connector);
        return builder;
    }
}
