using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OperatorOs;
using OperatorOs.Shared;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers OperatorOs in a service collection.</summary>
public static class OperatorOsServiceCollectionExtensions
{
    /// <summary>Registers the OperatorOs kernel (router, policy pipeline, approvals, trust ladder, agent runtime, executor) with in-memory storage unless other storage is registered.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the kernel's options, or <see langword="null"/>.</param>
    /// <returns>A builder to add storage, agents, routes, policies and connectors with.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>Calling it again adds only the new configuration.</remarks>
    public static IOperatorOsBuilder AddOperatorOs(this IServiceCollection services, Action<OperatorOsOptions>? configure = null)
    {
        _ = Throw.IfNull(services);
        var builder = new OperatorOsBuilder(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(descriptor => descriptor.ServiceType == typeof(OperatorOsMarker)))
        {
            return builder;
        }

        services.AddSingleton<OperatorOsMarker>();
        services.AddOptions<OperatorOsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OperatorOsOptions>, OperatorOsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // The operator's policy file: loaded when the options are built, validated on start, reloaded through IOptionsMonitor.
        services.TryAddSingleton<PolicyFileSource>();
        services.TryAddSingleton<IPolicyFileStatus>(sp => sp.GetRequiredService<PolicyFileSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OperatorOsOptions>, PolicyFilePostConfigure>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OperatorOsOptions>, PolicyFileValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOptionsChangeTokenSource<OperatorOsOptions>, PolicyFileChangeTokenSource>());
        services.TryAddSingleton<IEffectivePolicySource, OptionsEffectivePolicySource>();

        // Storage defaults to memory; UseSqlite() and friends replace these.
        services.TryAddSingleton<Journal>(sp => new InMemoryJournal(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<MemoryStore>(sp => new InMemoryMemoryStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ApprovalStore, InMemoryApprovalStore>();

        // Offline by default: lexical embeddings until a real model is registered with AddEmbeddingGenerator.
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_ => new HashingEmbeddingGenerator());

        services.TryAddSingleton(sp => new OperatorOsTelemetry(sp.GetService<IMeterFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IOperatorMetrics>(sp => sp.GetRequiredService<OperatorOsTelemetry>());
        services.TryAddSingleton(sp => new KernelJournal(sp.GetRequiredService<Journal>()));
        services.TryAddSingleton<ConnectorCatalog>();
        services.TryAddSingleton<AgentRegistry>();
        services.TryAddSingleton<IntentRouter>();
        services.TryAddSingleton<PolicyPipeline>();
        services.TryAddSingleton<ActionExecutor>();
        services.TryAddSingleton<ApprovalNotifier>();
        services.TryAddSingleton<ProposalGovernor>();
        services.TryAddSingleton<AgentRuntime>();
        services.TryAddSingleton<DeferredIntents>();
        services.TryAddSingleton<IDeferredIntents>(sp => sp.GetRequiredService<DeferredIntents>());
        services.TryAddSingleton<AgentOutputs>();
        services.TryAddSingleton<ShadowAgreement>();
        services.TryAddSingleton<DecisionRecords>();
        services.TryAddSingleton<IDecisionRecords>(sp => new FlowDecisionRecords(sp.GetRequiredService<DecisionRecords>(), sp.GetRequiredService<Journal>(), sp.GetRequiredService<MemoryStore>()));
        services.TryAddSingleton<IShadowAgreement>(sp => sp.GetRequiredService<ShadowAgreement>());
        services.TryAddSingleton<AgentRunCheckpoints>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IApprovalDecisionListener, AgentRunCheckpoints>(sp => sp.GetRequiredService<AgentRunCheckpoints>()));
        services.TryAddSingleton<AgentRunResumer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AgentRunResumeService>());
        services.TryAddSingleton<UsageLedger>();
        services.TryAddSingleton<ModelGateway>();
        services.TryAddSingleton<OperatorStatusTracker>();
        services.TryAddSingleton<IOperatorStatus>(sp => sp.GetRequiredService<OperatorStatusTracker>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OperatorModeJournal>());
        services.TryAddSingleton<TrustLadder>();
        services.TryAddSingleton<ITrustLadder>(sp => sp.GetRequiredService<TrustLadder>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicy, CapabilityScopePolicy>());
        // For agents' proposals the tier default is applied by the trust ladder, which may lift or tighten it (see TrustLadderPolicy).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicy, RiskTierPolicy>(sp => new RiskTierPolicy(sp.GetRequiredService<IEffectivePolicySource>(), deferToTrustLadder: true)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicy, TrustLadderPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicy, TaintPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicy, ShadowModePolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicy, AmountThresholdPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicy, ConfidenceThresholdPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicy, AgentEscalationPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicy, RateLimitPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPolicy, QuietHoursPolicy>());

        // Flows: AddFlow registers definitions; the runtime and its recovery service exist even with none, so routes can be checked.
        services.AddOptions<FlowRuntimeOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FlowRuntimeOptions>, FlowRuntimeOptionsValidator>());
        services.TryAddSingleton(sp => new FlowRegistry(sp.GetServices<FlowDefinition>()));
        services.TryAddSingleton<FlowRuntime>();
        services.TryAddSingleton<IFlowRuntime>(sp => sp.GetRequiredService<FlowRuntime>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IApprovalDecisionListener, FlowRuntime>(sp => sp.GetRequiredService<FlowRuntime>()));
        services.TryAddSingleton(sp => new FlowStorage(sp.GetRequiredService<Journal>(), sp.GetRequiredService<MemoryStore>(), sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<IOperatorKernel, OperatorKernel>();
        services.TryAddSingleton<ApprovalDecisions>();
        services.TryAddSingleton<IApprovalDecider>(sp => sp.GetRequiredService<ApprovalDecisions>());
        services.TryAddSingleton<ApprovalExecution>();
        services.TryAddSingleton<IApprovalQueue, ApprovalQueue>();

        // Executes approvals decided elsewhere (the operator CLI) or interrupted by a crash, at host start and periodically.
        services.TryAddSingleton(sp => new ApprovalDispatcher(
            sp.GetRequiredService<ApprovalStore>(),
            sp.GetRequiredService<ApprovalExecution>(),
            sp.GetRequiredService<ConnectorCatalog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<OperatorOsOptions>>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("OperatorOs.ApprovalDispatcher") ?? NullLogger.Instance));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ApprovalDispatcher>(sp => sp.GetRequiredService<ApprovalDispatcher>()));
        return builder;
    }
}
