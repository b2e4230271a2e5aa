namespace OperatorOs;

/// <summary>Names shared by the SQLite vector store's public members.</summary>
internal static class SqliteVectorConstants
{
    /// <summary>The justification attached to members that map record types by reflection.</summary>
    public const string RequiresMessage = "The SQLite vector store maps record types by reflection (MEVD CollectionModelBuilder.Build); use GetDynamicCollection for NativeAOT and trimming.";
}
