using System.Reflection;
using Gateway.Campaigns.Store;

namespace Gateway.Campaigns.Tests.Dispatch;

/// <summary>An <see cref="IJobStore"/> that forwards every call to a real store and counts the claims that reached it.</summary>
public class CountingJobStore : DispatchProxy
{
    private IJobStore _inner = null!;

    public int Claims { get; private set; }

    public static (IJobStore Store, CountingJobStore Counter) Wrap(IJobStore inner)
    {
        var proxy = Create<IJobStore, CountingJobStore>();
        var counter = (CountingJobStore)(object)proxy;
        counter._inner = inner;
        return (proxy, counter);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IJobStore.TryClaimAsync))
        {
            Claims++;
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
