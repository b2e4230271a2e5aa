Console.WriteLine("TeachingAssistant");
