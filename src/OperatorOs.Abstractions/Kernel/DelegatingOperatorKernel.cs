using OperatorOs.Shared;

namespace OperatorOs;

/// <summary>The base class of kernel decorators (logging, tracing, rate limiting at the front door): every member passes through to an inner kernel.</summary>
/// <remarks>Derived classes override what they decorate. Decorators cannot bypass policy: they only see what the inner kernel returns.</remarks>
public abstract class DelegatingOperatorKernel : IOperatorKernel
{
    /// <summary>Initializes a new instance of the <see cref="DelegatingOperatorKernel"/> class.</summary>
    /// <param name="innerKernel">The kernel calls pass through to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerKernel"/> is <see langword="null"/>.</exception>
    protected DelegatingOperatorKernel(IOperatorKernel innerKernel)
    {
        InnerKernel = Throw.IfNull(innerKernel);
    }

    /// <summary>Gets the kernel calls pass through to.</summary>
    protected IOperatorKernel InnerKernel { get; }

    /// <inheritdoc/>
    public virtual Task<IntentResult> SubmitAsync(Intent intent, CancellationToken cancellationToken = default) =>
        InnerKernel.SubmitAsync(intent, cancellationToken);

    /// <inheritdoc/>
    public virtual Task<ProposalResult> ProposeAsync(ActionProposal proposal, CancellationToken cancellationToken = default) =>
        InnerKernel.ProposeAsync(proposal, cancellationToken);

    /// <inheritdoc/>
    public virtual Task<PolicyEvaluation> ExplainAsync(ActionProposal proposal, CancellationToken cancellationToken = default) =>
        InnerKernel.ExplainAsync(proposal, cancellationToken);
}
