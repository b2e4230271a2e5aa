using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OperatorOs.Shared;

namespace OperatorOs.Testing;

/// <summary>Configures an <see cref="OperatorScenario"/>: the capabilities its recording connector offers, the models, agents, routes and options.</summary>
public sealed class OperatorScenarioBuilder
{
    private readonly List<CapabilityDescriptor> _capabilities = [];
    private readonly List<Action<IOperatorOsBuilder>> _kernel = [];
    private readonly List<Action<OperatorOsOptions>> _options = [];
    private readonly List<Action<IServiceCollection>> _services = [];

    internal OperatorScenarioBuilder()
    {
    }

    /// <summary>Gets or sets when the scenario's fake clock starts.</summary>
    /// <value>The default is 2026-01-05 09:00 UTC, a Monday morning.</value>
    public DateTimeOffset Start { get; set; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Offers a capability through the scenario's recording connector.</summary>
    /// <param name="name">The capability name.</param>
    /// <param name="tier">Its risk tier.</param>
    /// <returns>This builder.</returns>
    public OperatorScenarioBuilder WithCapability(string name, RiskTier tier)
    {
        _capabilities.Add(RecordingConnector.Capability(Throw.IfNull(name), tier));
        return this;
    }

    /// <summary>Registers the default chat client agents use.</summary>
    /// <param name="model">The client, typically a <see cref="ScriptedChatClient"/>.</param>
    /// <returns>This builder.</returns>
    public OperatorScenarioBuilder WithModel(IChatClient model)
    {
        _ = Throw.IfNull(model);
        _services.Add(s => s.AddSingleton(model));
        return this;
    }

    /// <summary>Registers a chat client for a model tier.</summary>
    /// <param name="tier">The tier key, for example <c>small</c>.</param>
    /// <param name="model">The client.</param>
    /// <returns>This builder.</returns>
    public OperatorScenarioBuilder WithModel(string tier, IChatClient model)
    {
        _ = Throw.IfNull(tier);
        _ = Throw.IfNull(model);
        _services.Add(s => s.AddKeyedSingleton(tier, model));
        _options.Add(o =>
        {
            if (!o.Models.Tiers.Contains(tier))
            {
                o.Models.Tiers.Add(tier);
            }
        });
        return this;
    }

    /// <summary>Configures the kernel: agents, routes, policies, more connectors.</summary>
    /// <param name="configure">The configuration.</param>
    /// <returns>This builder.</returns>
    public OperatorScenarioBuilder WithKernel(Action<IOperatorOsBuilder> configure)
    {
        _kernel.Add(Throw.IfNull(configure));
        return this;
    }

    /// <summary>Configures the kernel's options.</summary>
    /// <param name="configure">The configuration.</param>
    /// <returns>This builder.</returns>
    public OperatorScenarioBuilder WithOptions(Action<OperatorOsOptions> configure)
    {
        _options.Add(Throw.IfNull(configure));
        return this;
    }

    /// <summary>Adds services, for example a storage of your own.</summary>
    /// <param name="configure">The registration.</param>
    /// <returns>This builder.</returns>
    public OperatorScenarioBuilder WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(Throw.IfNull(configure));
        return this;
    }

    internal OperatorScenario Build()
    {
        var clock = new FakeTimeProvider(Start);
        var connector = new RecordingConnector("scenario", _capabilities, clock);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        foreach (Action<IServiceCollection> configure in _services)
        {
            configure(services);
        }

        IOperatorOsBuilder kernel = services.AddOperatorOs(o =>
        {
            // Retries wait on the fake clock; a scenario moves it only when the test says so.
            o.ExecutionRetryDelay = TimeSpan.Zero;
            o.Models.RetryDelay = TimeSpan.Zero;
            foreach (Action<OperatorOsOptions> configure in _options)
            {
                configure(o);
            }
        });
        if (_capabilities.Count > 0)
        {
            kernel.AddConnector(connector);
        }

        foreach (Action<IOperatorOsBuilder> configure in _kernel)
        {
            configure(kernel);
        }

        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new OperatorScenario(provider, clock, connector);
    }
}
