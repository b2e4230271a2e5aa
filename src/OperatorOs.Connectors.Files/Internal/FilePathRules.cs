using System.Text;

namespace OperatorOs.Connectors.Files.Internal;

/// <summary>Decides which relative paths the connector accepts; pure string checks, no I/O.</summary>
/// <remarks>
/// The rules are deliberately portable: a path valid on one operating system is valid on all of them, so a store
/// copied from Linux to Windows keeps working and no platform-specific normalisation can move a path outside the root.
/// </remarks>
internal static class FilePathRules
{
    private static readonly string[] s_reservedDeviceNames =
    [
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    /// <summary>Returns what is wrong with a relative path, or <see langword="null"/> when it is acceptable.</summary>
    public static string? FindProblem(string path)
    {
        if (path.Length == 0)
        {
            return "the path is empty";
        }

        if (path.Length > FilesConnectorConstants.MaxPathLength)
        {
            return $"the path is longer than {FilesConnectorConstants.MaxPathLength} characters";
        }

        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (char.IsControl(c))
            {
                return $"the path contains the control character U+{(int)c:X4}";
            }

            if (c == '\\')
            {
                return "the path contains a backslash; separate segments with '/'";
            }

            if (c == ':')
            {
                return "the path contains ':'; drive letters, URLs and stream names are not allowed";
            }

            if (c is '<' or '>' or '"' or '|' or '?' or '*')
            {
                return $"the path contains '{c}', which is not allowed in file names";
            }

            if (char.IsHighSurrogate(c) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "the path is not valid Unicode (it contains an unpaired surrogate)";
            }
        }

        if (path[0] == '/')
        {
            return "the path is absolute; give a path relative to the root, such as notes/plan.md";
        }

        int index = 0;
        foreach (Range range in path.AsSpan().Split('/'))
        {
            string segment = path[range];
            string? problem = FindSegmentProblem(segment, index);
            if (problem is not null)
            {
                return problem;
            }

            index++;
        }

        return null;
    }

    /// <summary>Combines the root and an accepted relative path, and returns the full path when it lies under the root.</summary>
    /// <param name="root">The full path of the root directory, without a trailing separator unless it is a file-system root.</param>
    /// <param name="relativePath">A path <see cref="FindProblem"/> accepted.</param>
    /// <returns>The full path, or <see langword="null"/> when it would resolve outside the root.</returns>
    public static string? TryGetFullPath(string root, string relativePath)
    {
        string full = Path.GetFullPath(Path.Join(root, relativePath));
        return IsUnder(root, full) ? full : null;
    }

    /// <summary>Returns whether <paramref name="fullPath"/> lies strictly under <paramref name="root"/>.</summary>
    public static bool IsUnder(string root, string fullPath)
    {
        string prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return fullPath.Length > prefix.Length && fullPath.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string? FindSegmentProblem(string segment, int index)
    {
        if (segment.Length == 0)
        {
            return "the path has an empty segment (a trailing or doubled '/')";
        }

        if (segment == "..")
        {
            return "the path contains a '..' segment; paths may not climb out of a directory";
        }

        if (segment == ".")
        {
            return "the path contains a '.' segment";
        }

        if (Encoding.UTF8.GetByteCount(segment) > FilesConnectorConstants.MaxSegmentBytes)
        {
            return $"a segment is longer than {FilesConnectorConstants.MaxSegmentBytes} bytes of UTF-8";
        }

        if (segment[^1] is '.' or ' ')
        {
            return $"the segment '{segment}' ends with '.' or a space, which some file systems drop";
        }

        if (index == 0 && string.Equals(segment, FilesConnectorConstants.StoreDirectoryName, StringComparison.OrdinalIgnoreCase))
        {
            return $"the path points into the connector's hidden store '{FilesConnectorConstants.StoreDirectoryName}'";
        }

        if (segment.EndsWith(FilesConnectorConstants.TempFileSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return $"names ending in '{FilesConnectorConstants.TempFileSuffix}' are reserved for the connector's temporary files";
        }

        int dot = segment.IndexOf('.', StringComparison.Ordinal);
        string stem = dot < 0 ? segment : segment[..dot];
        foreach (string reserved in s_reservedDeviceNames)
        {
            if (string.Equals(stem.TrimEnd(' '), reserved, StringComparison.OrdinalIgnoreCase))
            {
                return $"the segment '{segment}' is a reserved device name on Windows";
            }
        }

        return null;
    }
}
