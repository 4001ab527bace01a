/**
 * Hand-written, unambiguous requests per tag, written from the taxonomy's definitions (never from the
 * training data): the short instructions real traffic is full of, in varied phrasing, with system
 * prompts, tools and response formats where they belong, some in Chinese, and the failures users
 * reported. A sanity check only: never trained on, and no rule may name one of them (fix the cause,
 * not the case).
 */
import type { RequestBody } from './interface.ts';

type Tool = { type: 'function'; function: { name: string; description: string; parameters: object } };
const fn = (name: string, description: string): Tool => ({
  type: 'function',
  function: { name, description, parameters: { type: 'object', properties: {} } },
});
const user = (content: string): RequestBody => ({ messages: [{ role: 'user', content }] });
const sys = (system: string, content: string): RequestBody => ({
  messages: [
    { role: 'system', content: system },
    { role: 'user', content },
  ],
});
/** Anthropic shape: top-level system, content blocks. */
const claude = (system: string, text: string): RequestBody => ({
  system,
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  max_tokens: 1024,
});
/** An agent turn: tools offered, one earlier call and its result, then the user's or tool's turn. */
const agent = (tools: Tool[], ask: string, call?: [string, object, string]): RequestBody => {
  const messages: object[] = [
    { role: 'system', content: 'You are a helpful assistant with access to tools.' },
    { role: 'user', content: ask },
  ];
  if (call) {
    messages.push({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: call[0], arguments: JSON.stringify(call[1]) } }],
    });
    messages.push({ role: 'tool', tool_call_id: 'c1', content: call[2] });
  }
  return { messages, tools };
};

/** A request that asks for JSON matching `schema` (OpenAI `response_format: json_schema`). */
const schema = (body: RequestBody, name: string, properties: object): RequestBody => ({
  ...body,
  response_format: {
    type: 'json_schema',
    json_schema: { name, strict: true, schema: { type: 'object', properties, additionalProperties: false } },
  },
});
const jsonMode = (body: RequestBody): RequestBody => ({ ...body, response_format: { type: 'json_object' } });

const CODING = [
  fn('read_file', 'Read a file'),
  fn('write_file', 'Write a file'),
  fn('run_command', 'Run a shell command'),
  fn('grep', 'Search files'),
  fn('list_dir', 'List a directory'),
];
const AIRLINE = [
  fn('get_reservation', 'Look up a reservation'),
  fn('cancel_reservation', 'Cancel a reservation'),
  fn('book_flight', 'Book a flight'),
  fn('send_email', 'Send an email'),
];

export const CANONICAL: [string, RequestBody][] = [
  ['code:general_impl', user('Write a Python function that checks whether a string is a palindrome.')],
  ['code:general_impl', user('Implement a binary search in Java that returns the index of the target or -1.')],
  ['code:general_impl', user('用Python写一个函数，计算列表中所有偶数的和。')],
  [
    'code:debugging',
    user('My code throws "TypeError: Cannot read properties of undefined (reading \'map\')" when the page loads. How do I fix it?'),
  ],
  [
    'code:debugging',
    user(
      'This function should return the largest number but it always returns the first one. What is the bug?\n\ndef ' +
        'largest(xs):\n    m = xs[0]\n    for x in xs:\n        if x > m:\n            return m\n    return m',
    ),
  ],
  [
    'code:debugging',
    claude(
      'You are an expert programmer.',
      'Why does my Go program panic with "index out of range [3] with length 3"? Here is the loop: for i := 0; i <= len(a); i++ { ' +
        'fmt.Println(a[i]) }',
    ),
  ],
  ['code:file_read_write', agent(CODING, 'Open config/settings.py and change DEBUG to False.')],
  [
    'code:file_read_write',
    agent(CODING, 'Create a new file README.md with a short description of the project.', [
      'list_dir',
      { path: '.' },
      'src/\npackage.json\ntsconfig.json',
    ]),
  ],
  ['code:file_read_write', agent(CODING, 'Read the file src/utils.ts and add a JSDoc comment to every exported function.')],
  ['code:frontend_ui', user('Write a React component for a login form with email and password fields.')],
  ['code:frontend_ui', user('Center a div horizontally and vertically with CSS flexbox.')],
  ['code:frontend_ui', user('Create an HTML page with a responsive navbar and a hero section.')],
  [
    'code:review_security',
    user(
      [
        'Review this diff for security issues:',
        '',
        '- const q = "SELECT * FROM users WHERE id = " + id;',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the prompt quotes a JavaScript template literal
        '+ const q = `SELECT * FROM users WHERE id = ${req.query.id}`;',
      ].join('\n'),
    ),
  ],
  [
    'code:review_security',
    user(
      'Please do a code review of this function and suggest improvements to readability:\n\nfunction f(a){var r=[];for(var ' +
        'i=0;i<a.length;i++){if(a[i]%2==0)r.push(a[i]*2)}return r}',
    ),
  ],
  [
    'code:review_security',
    claude(
      'You are a senior engineer reviewing pull requests.',
      'Review my pull request: it adds a caching layer to the user service. Point out bugs and code quality ' +
        'problems.\n\n```ts\nconst cache = {};\nexport function getUser(id) { if (cache[id]) return cache[id]; const u = ' +
        'db.find(id); cache[id] = u; return u; }\n```',
    ),
  ],
  ['code:shell_execution', agent(CODING, 'Run the test suite and tell me which tests fail.')],
  [
    'code:shell_execution',
    agent(CODING, 'Install the dependencies and start the dev server.', [
      'read_file',
      { path: 'package.json' },
      '{ "scripts": { "dev": "vite" } }',
    ]),
  ],
  ['code:shell_execution', agent([fn('bash', 'Execute a bash command')], 'Check how much disk space is left on this machine.')],
  ['code:repo_scan', agent(CODING, 'Find where the function parse_config is defined in this repository.')],
  [
    'code:repo_scan',
    agent(CODING, 'Give me an overview of the structure of this codebase: list the top-level directories and what each contains.'),
  ],
  ['code:repo_scan', agent(CODING, 'Search the repo for every place that calls the deprecated fetchUser API.')],
  ['code:sql_database', user('Write a SQL query to find the top 5 customers by total order amount.')],
  ['code:sql_database', user('Design a database schema for a library with books, members and loans.')],
  [
    'code:sql_database',
    user('How can I speed up this slow PostgreSQL query? SELECT * FROM orders WHERE customer_id = 42 ORDER BY created_at DESC;'),
  ],
  ['code:devops_config', user('Write a Dockerfile for a Node 20 app.')],
  ['code:devops_config', user('Create a GitHub Actions workflow that runs npm test on every push.')],
  ['code:devops_config', user('Write a Kubernetes Deployment manifest for nginx with 3 replicas.')],
  [
    'data:extraction',
    user('Extract the names and dates from this text as JSON: "Alice met Bob on March 3, 2021, and they met Carol on June 5, 2022."'),
  ],
  [
    'data:extraction',
    user(
      'From this invoice text, pull out the invoice number, total amount and due date: Invoice #INV-2231, total due $1,250.00 by ' +
        '2024-07-01.',
    ),
  ],
  [
    'data:extraction',
    sys(
      'Extract every person and organization mentioned in the text. Return a JSON list.',
      'Tim Cook announced that Apple will partner with Goldman Sachs on a new card.',
    ),
  ],
  ['data:transformation', user('Convert this CSV to JSON:\nname,age\nAlice,30\nBob,25')],
  ['data:transformation', user('Reformat these dates to ISO 8601: 03/14/2023, 12/01/2022, 07/04/2021')],
  ['data:transformation', user('Convert this XML to YAML: <person><name>Ann</name><age>41</age></person>')],
  [
    'agent:workflow_execution',
    agent(AIRLINE, 'Please cancel my reservation ABC123 and email me the confirmation.', [
      'get_reservation',
      { id: 'ABC123' },
      '{"id":"ABC123","status":"confirmed","flight":"UA100"}',
    ]),
  ],
  [
    'agent:workflow_execution',
    agent(
      [fn('create_invoice', 'Create an invoice'), fn('send_invoice', 'Send an invoice'), fn('update_crm', 'Update a CRM record')],
      'Onboard the new client Acme Corp: create their invoice for $500, send it, and update the CRM.',
      ['create_invoice', { client: 'Acme Corp', amount: 500 }, '{"invoice_id":"INV-9"}'],
    ),
  ],
  [
    'agent:workflow_execution',
    agent(AIRLINE, 'Book the 9am flight from Boston to Chicago on May 2 for me.', [
      'get_reservation',
      { user: 'me' },
      '{"reservations":[]}',
    ]),
  ],
  [
    'agent:multi_step_planning',
    user('Before doing anything, break the goal "migrate our app from MySQL to PostgreSQL" into a step-by-step plan.'),
  ],
  [
    'agent:multi_step_planning',
    sys(
      'You are a planner. Decompose the goal into numbered subtasks; do not execute them.',
      'Goal: organize a team offsite for 20 people next month.',
    ),
  ],
  ['agent:multi_step_planning', user('Make a step by step plan to launch a personal blog, from choosing a domain to the first post.')],
  [
    'agent:tool_dispatch',
    agent(
      [fn('get_weather', 'Get the current weather for a city'), fn('get_time', 'Get the time in a timezone')],
      "What's the weather in Paris right now?",
    ),
  ],
  [
    'agent:tool_dispatch',
    agent(
      [fn('convert_currency', 'Convert an amount between currencies'), fn('get_stock_price', 'Get a stock price')],
      'How much is 100 US dollars in euros?',
    ),
  ],
  [
    'agent:tool_dispatch',
    {
      system: 'Use the tools when needed.',
      tools: [{ name: 'calculate_area', description: 'Area of a shape', input_schema: { type: 'object', properties: {} } }],
      messages: [{ role: 'user', content: 'What is the area of a circle with radius 3?' }],
    },
  ],
  [
    'agent:memory_extraction',
    sys(
      'Extract facts and preferences about the user from this conversation that should be saved to long-term memory.',
      "I'm vegetarian, I live in Berlin, and I prefer replies in German.",
    ),
  ],
  [
    'agent:memory_extraction',
    agent(
      [fn('memory_add', 'Save a fact to long-term memory'), fn('memory_search', 'Search memory')],
      "Remember that my daughter is allergic to peanuts and my wife's birthday is on June 4.",
    ),
  ],
  [
    'agent:memory_extraction',
    user(
      'From the chat below, list the user preferences worth remembering for future sessions.\nUser: I hate early ' +
        'meetings.\nAssistant: Noted.\nUser: And I always fly with Lufthansa.',
    ),
  ],
  [
    'agent:web_search',
    agent(
      [fn('web_search', 'Search the web'), fn('open_url', 'Open a web page')],
      'Find the latest news about the James Webb Space Telescope.',
    ),
  ],
  [
    'agent:web_search',
    agent([fn('web_search', 'Search the web')], 'Who won the most recent Tour de France?', [
      'web_search',
      { query: 'Tour de France winner' },
      '1. Tour de France 2024: Tadej Pogacar wins ...',
    ]),
  ],
  [
    'agent:web_search',
    sys(
      'Answer using the search results below and cite them.',
      'Search results:\n[1] EU passes AI Act ...\n[2] The AI Act enters into force ...\n\nQuestion: When does the EU AI Act enter ' +
        'into force?',
    ),
  ],
  [
    'classification_tagging',
    user('Classify the sentiment of this review as positive, negative or neutral: "The battery died after two days."'),
  ],
  [
    'classification_tagging',
    user(
      'Label each of these support tickets with one category (billing, technical, account):\n1. I was charged twice\n2. The app ' +
        'crashes on login',
    ),
  ],
  ['classification_tagging', user('Is this email spam or not spam? "Congratulations, you won a free cruise! Click here."')],
  ['content_writing', user('Write a blog post about the benefits of remote work.')],
  ['content_writing', user('Draft a polite email to my landlord asking to fix the heating.')],
  ['content_writing', claude('You are a copywriter.', 'Write three catchy slogans for a new eco-friendly water bottle.')],
  ['qa_knowledge', user('What is the capital of Australia?')],
  ['qa_knowledge', user('Why is the sky blue?')],
  ['qa_knowledge', user('光合作用的原理是什么？')],
  [
    'conversational_reply',
    {
      messages: [
        { role: 'user', content: 'hey how was your weekend?' },
        { role: 'assistant', content: 'Pretty relaxing! I read a lot. How about you?' },
        { role: 'user', content: 'haha nice, I went hiking with my dog, it was so fun' },
      ],
    },
  ],
  ['conversational_reply', user('Hi! How are you doing today?')],
  [
    'conversational_reply',
    {
      messages: [
        { role: 'user', content: '你好呀' },
        { role: 'assistant', content: '你好！今天过得怎么样？' },
        { role: 'user', content: '还不错，刚看完一部电影，哈哈' },
      ],
    },
  ],
  ['roleplay_fiction', user('Write a short story about a dragon who is afraid of fire.')],
  ['roleplay_fiction', sys('You are Captain Blackbeard, a pirate. Stay in character.', 'Captain, where are we sailing tonight?')],
  ['roleplay_fiction', user("Let's play a text adventure. I'm a knight entering a dark cave. What do I see?")],
  [
    'customer_support',
    sys('You are a support agent for ShopFast, an online store.', "My order #4821 hasn't arrived yet. Can you check where it is?"),
  ],
  [
    'customer_support',
    sys('You are the customer service assistant for StreamBox.', 'How do I cancel my subscription and get a refund for this month?'),
  ],
  [
    'customer_support',
    claude('You are a helpful support agent for Acme Bank.', 'I forgot my password and my account is locked. What should I do?'),
  ],
  [
    'summarization',
    user(
      'Summarize this meeting transcript:\nAnna: We need to ship by Friday.\nBen: QA is behind by two days.\nAnna: Then we cut the ' +
        'export feature.',
    ),
  ],
  [
    'summarization',
    user(
      'TL;DR of this article: The central bank raised rates by 0.25 points on Wednesday, citing persistent inflation, and signaled ' +
        'more hikes may follow.',
    ),
  ],
  ['summarization', user('请总结这篇文章的主要内容：人工智能正在改变医疗行业，从影像诊断到药物研发都出现了新的应用。')],
  ['image_prompting', user('Write a Midjourney prompt for a cyberpunk city at night in the rain.')],
  ['image_prompting', user('Give me a Stable Diffusion prompt for a watercolor painting of a fox in a snowy forest.')],
  ['image_prompting', user('Improve this image prompt so it looks photorealistic: "a cat on a sofa"')],
  ['research_report', user('Write a comprehensive research report on the state of solid-state battery technology, with citations.')],
  ['research_report', user('Prepare a literature review of recent advances in protein structure prediction.')],
  [
    'research_report',
    user('Produce an in-depth report analysing the global semiconductor supply chain, its risks and recent policy responses.'),
  ],
  ['finance_trading', user('Should I rebalance my portfolio from 80/20 stocks to bonds to 60/40 given rising interest rates?')],
  ['finance_trading', user("Analyze Apple's latest quarterly earnings: revenue, net income and margins versus last year.")],
  ['finance_trading', user('Explain a simple moving-average crossover trading strategy for Bitcoin.')],
  ['translation', user('Translate to Spanish: Where is the train station?')],
  ['translation', user('把这段话翻译成英文：我明天要去北京出差。')],
  [
    'translation',
    claude('You are a professional translator.', 'Translate the following into German: "Thank you for your order. It will ship tomorrow."'),
  ],
  ['math', user('Solve for x: 2x + 5 = 17.')],
  ['math', user('What is the derivative of x^3 * sin(x)?')],
  ['math', user('Prove that the square root of 2 is irrational.')],
  ['security_audit', user('Audit this nginx config for security vulnerabilities:\nserver { listen 80; autoindex on; server_tokens on; }')],
  [
    'security_audit',
    user('These auth logs show 500 failed SSH logins from one IP in a minute. Is this a brute-force attack and how should we respond?'),
  ],
  ['security_audit', user('Do a threat model for a web app that stores user passwords and payment data.')],
  ['devops', user('Our Kubernetes pods keep getting OOMKilled in production. How should we investigate?')],
  ['devops', user('What is the best way to do zero-downtime deployments for a web service behind a load balancer?')],
  ['devops', user('How do I set up monitoring and alerting for CPU usage on our Linux servers?')],

  // Reported from real traffic.
  [
    'roleplay_fiction',
    sys(
      'You are Sherlock Holmes, the detective from Baker Street. Reply only as Sherlock Holmes and stay in character no matter what ' +
        'the user says.',
      'Mr. Holmes, a stranger left a muddy boot print on my doorstep last night. What do you make of it?',
    ),
  ],
  [
    'code:sql_database',
    user(
      'Write a PostgreSQL query that returns our top 10 customers by total revenue over the last 12 months, from the customers and ' +
        'orders tables.',
    ),
  ],
  [
    'data:extraction',
    schema(
      sys(
        'Extract the invoice fields from the document.',
        'INVOICE\nInvoice number: 2024-0193\nDate: 14 March 2024\nBill to: Northwind Traders\nTotal: EUR 4,812.50\nDue: 13 April 2024',
      ),
      'invoice',
      {
        invoice_number: { type: 'string' },
        date: { type: 'string' },
        customer: { type: 'string' },
        total: { type: 'number' },
        currency: { type: 'string' },
        due_date: { type: 'string' },
      },
    ),
  ],
  [
    'security_audit',
    user(
      'Audit our AWS account for security risks: list every S3 bucket that is publicly readable and every IAM user with ' +
        'AdministratorAccess, and tell us what to lock down first.',
    ),
  ],

  ['code:general_impl', user('Implement an LRU cache class in TypeScript with get and put in O(1).')],
  [
    'code:general_impl',
    sys(
      'You are a senior Go developer.',
      'Write a Go HTTP handler that accepts a JSON body with a name field and responds with a greeting.',
    ),
  ],
  [
    'code:general_impl',
    user('Write a Rust function that reads a text file and returns the number of lines that contain the word "error".'),
  ],
  [
    'code:debugging',
    user(
      'My pytest run fails with:\n\nE   AssertionError: assert 3 == 4\ntests/test_math.py:12: AssertionError\n\nThe test is `assert ' +
        'add(1, 3) == 4` and add is `def add(a, b): return a + b - 1`. What is wrong?',
    ),
  ],
  ['code:debugging', user('我的Java程序报错 NullPointerException，发生在 user.getName() 这一行，这是什么原因，怎么修复？')],
  [
    'code:file_read_write',
    agent(CODING, 'Rename the variable userId to accountId in src/models/user.ts and save the file.', [
      'read_file',
      { path: 'src/models/user.ts' },
      'export interface User { userId: string; name: string }',
    ]),
  ],
  ['code:file_read_write', agent(CODING, 'Write a .gitignore file that ignores node_modules, dist and .env.')],
  ['code:frontend_ui', user('Make this button look modern with Tailwind CSS: <button>Save</button>')],
  ['code:frontend_ui', user('Write a Vue 3 component that shows a list of todos with a checkbox next to each one.')],
  ['code:frontend_ui', user('用CSS Grid做一个三列的响应式卡片布局，手机上变成一列。')],
  [
    'code:review_security',
    user(
      'Can you review this Python code for bugs and style issues before I merge it?\n\n```python\ndef avg(xs):\n    total = 0\n    ' +
        'for x in xs: total += x\n    return total / len(xs)\n```',
    ),
  ],
  [
    'code:review_security',
    sys(
      'You review code changes. Point out bugs, security issues and maintainability problems in the diff.',
      'diff --git a/app.py b/app.py\n+@app.route("/file")\n+def file():\n+    return open(request.args["path"]).read()',
    ),
  ],
  [
    'code:shell_execution',
    agent(CODING, 'Build the project with make and show me the compiler errors.', [
      'run_command',
      { command: 'make' },
      "gcc -o app main.c\nmain.c:10:5: error: expected ';' before 'return'",
    ]),
  ],
  [
    'code:shell_execution',
    agent([fn('terminal', 'Run a command in the terminal')], 'Show the last 20 lines of the nginx error log on this server.'),
  ],
  [
    'code:repo_scan',
    agent(CODING, 'Which files in this project import the logger module? List them.', [
      'grep',
      { pattern: "from './logger'" },
      'src/app.ts\nsrc/db.ts\nsrc/routes/users.ts',
    ]),
  ],
  [
    'code:repo_scan',
    agent(CODING, 'I just cloned this repo. Explore it and tell me where the HTTP routes are defined and how the project is organized.'),
  ],
  ['code:sql_database', user('What is the difference between an INNER JOIN and a LEFT JOIN in SQL? Show an example with two tables.')],
  ['code:sql_database', user('写一条MySQL语句，统计每个部门的员工人数，并按人数从多到少排序。')],
  ['code:devops_config', user('Write a docker-compose.yml with a Postgres database and a Node.js API service that depends on it.')],
  ['code:devops_config', user('Write a Terraform configuration that creates an S3 bucket with versioning enabled.')],
  ['code:devops_config', user('Create a GitLab CI pipeline with build, test and deploy stages for a Python project.')],
  [
    'data:extraction',
    user(
      'Pull the company name, job title and salary range out of this job posting: "Acme Corp is hiring a Senior Data Engineer, ' +
        'remote, $150k-$180k."',
    ),
  ],
  [
    'data:extraction',
    jsonMode(
      sys(
        'Return JSON with the keys name, email and phone.',
        'Hi, this is Maria Lopez, you can reach me at maria.lopez@example.com or +1 415 555 0134.',
      ),
    ),
  ],
  ['data:extraction', user('从下面的简历中提取姓名、电话和工作年限：张伟，电话13800138000，有八年Java开发经验。')],
  ['data:transformation', user('Convert this JSON array to a Markdown table: [{"city":"Paris","pop":2.1},{"city":"Rome","pop":2.8}]')],
  ['data:transformation', user('Normalize these phone numbers to E.164 format: (415) 555-0134, 415.555.0199, +1 415 555 0100')],
  [
    'data:transformation',
    sys(
      'You convert data between formats. Output only the converted data.',
      'Turn this YAML into JSON:\nname: app\nversion: 2\nfeatures:\n  - search\n  - export',
    ),
  ],
  [
    'agent:workflow_execution',
    agent(
      [fn('lookup_order', 'Look up an order'), fn('issue_refund', 'Issue a refund'), fn('send_email', 'Send an email')],
      'Process the return for order 7781: verify the order, issue the refund and email the customer.',
      ['lookup_order', { order_id: '7781' }, '{"order_id":"7781","status":"delivered","amount":59.9}'],
    ),
  ],
  [
    'agent:workflow_execution',
    agent(
      [fn('create_ticket', 'Create a Jira ticket'), fn('assign_ticket', 'Assign a ticket'), fn('post_slack', 'Post to Slack')],
      'New bug report came in: create a ticket for it, assign it to the on-call engineer and post it in #incidents.',
      ['create_ticket', { title: 'Checkout fails' }, '{"key":"OPS-412"}'],
    ),
  ],
  ['agent:multi_step_planning', user('I want to learn machine learning in six months. Plan it out for me step by step before I start.')],
  [
    'agent:multi_step_planning',
    sys(
      'You are the planning module of an autonomous agent. Given a task, output a numbered plan of steps. Do not carry out any step.',
      'Task: set up a new laptop for a developer joining on Monday.',
    ),
  ],
  ['agent:multi_step_planning', user('在开始之前，先帮我把“搬家到另一个城市”拆解成详细的步骤计划。')],
  [
    'agent:tool_dispatch',
    agent(
      [fn('get_calendar', 'List calendar events'), fn('send_message', 'Send a message'), fn('get_weather', 'Get the weather')],
      'What meetings do I have tomorrow?',
    ),
  ],
  [
    'agent:tool_dispatch',
    agent(
      [fn('search_flights', 'Search flights'), fn('translate', 'Translate text'), fn('calculator', 'Evaluate an arithmetic expression')],
      'What is 17.5% of 2,340?',
    ),
  ],
  [
    'agent:memory_extraction',
    sys(
      'You maintain the user profile. From the latest messages, output new facts about the user to store in memory as a JSON list, ' +
        'or an empty list.',
      'I just started a new job at a hospital as a night-shift nurse, and I have two cats.',
    ),
  ],
  [
    'agent:memory_extraction',
    agent(
      [fn('save_memory', 'Store a fact about the user for later conversations')],
      'Please remember that I am allergic to penicillin and that my preferred pharmacy is on Main Street.',
    ),
  ],
  [
    'agent:web_search',
    agent([fn('google_search', 'Search Google'), fn('fetch_page', 'Fetch a web page')], 'Look up the current price of gold per ounce.'),
  ],
  [
    'agent:web_search',
    sys(
      'You are a search assistant. Answer the question from the web results and cite sources as [n].',
      'Results:\n[1] The 2026 Winter Olympics are held in Milan and Cortina ...\n[2] Milano Cortina 2026 opens on 6 February ' +
        '...\n\nQuestion: Where and when do the 2026 Winter Olympics open?',
    ),
  ],
  [
    'classification_tagging',
    user('Categorize these expenses as food, transport or housing: rent $1200, Uber $18, groceries $95, bus pass $60.'),
  ],
  [
    'classification_tagging',
    jsonMode(
      sys(
        'Classify the topic of the news headline as one of: politics, sports, business, technology. Answer in JSON with a "label" field.',
        'Headline: Chipmaker unveils faster AI accelerator',
      ),
    ),
  ],
  ['classification_tagging', user('判断下面这条评论的情感是正面、负面还是中性：“快递很快，东西也不错，下次还会买。”')],
  ['content_writing', user('Write a LinkedIn post announcing that our startup just raised its seed round.')],
  [
    'content_writing',
    user('Rewrite this paragraph to sound more professional: "hey guys, the meeting is moved to thursday cuz the boss is out."'),
  ],
  ['content_writing', user('Brainstorm ten names for a coffee shop near a university.')],
  ['content_writing', user('帮我写一封邮件，向客户解释我们的发货会延迟三天，并表示歉意。')],
  ['qa_knowledge', user('How does a vaccine train the immune system?')],
  ['qa_knowledge', user('What is the difference between weather and climate?')],
  ['qa_knowledge', claude('You are a knowledgeable assistant.', 'Who wrote "One Hundred Years of Solitude", and when was it published?')],
  [
    'conversational_reply',
    {
      messages: [
        { role: 'user', content: 'ugh, long day at work' },
        { role: 'assistant', content: 'Oh no, what happened?' },
        { role: 'user', content: 'just lots of meetings lol, I am so tired. what are you up to?' },
      ],
    },
  ],
  [
    'conversational_reply',
    sys('You are Mia, a friendly companion who chats casually with the user.', 'good morning! did you sleep well? 😊'),
  ],
  ['roleplay_fiction', user('Write a bedtime story about a little robot who learns to paint.')],
  [
    'roleplay_fiction',
    {
      messages: [
        {
          role: 'system',
          content:
            'You are the game master of a fantasy role-playing game. Describe the world and the characters, and let the player ' +
            'decide what to do.',
        },
        { role: 'user', content: 'I draw my sword and step into the tavern. I look around for the hooded stranger.' },
      ],
    },
  ],
  ['roleplay_fiction', user('写一个关于时间旅行者回到唐朝的短篇小说开头。')],
  [
    'customer_support',
    sys(
      'You are a customer support assistant for AirNet, an internet provider. Be polite and help the customer.',
      'My internet has been down since this morning. What can I do?',
    ),
  ],
  [
    'customer_support',
    claude(
      'You are the support agent of PhotoPro, a photo editing app.',
      'I was charged twice for my annual plan. Can I get one of the charges refunded?',
    ),
  ],
  ['customer_support', sys('你是京东商城的客服。', '我买的手机屏幕有划痕，可以退货吗？')],
  [
    'summarization',
    user(
      'Summarize this email thread in two sentences:\n\nFrom Tom: Can we move the launch to May 3?\nFrom Ana: May 3 works for ' +
        'marketing.\nFrom Li: Engineering needs until May 10.\nFrom Tom: OK, May 10 it is.',
    ),
  ],
  [
    'summarization',
    sys(
      "Summarize the user's document in five bullet points.",
      'Quarterly report: Revenue grew 12% to $4.2M. Churn fell to 3%. We hired 14 people, opened a Berlin office and launched the ' +
        'mobile app. Cash runway is 26 months.',
    ),
  ],
  ['image_prompting', user('Create a DALL-E prompt for a cozy reading nook with warm light, in the style of a Studio Ghibli film.')],
  [
    'image_prompting',
    sys(
      'You write prompts for an image generation model. Return only the prompt.',
      'A logo for a bakery called Sunrise Bread: minimal, flat, orange and cream colors.',
    ),
  ],
  ['image_prompting', user('帮我写一个Midjourney提示词：一只穿着宇航服的柴犬站在月球上，电影感，超高清。')],
  [
    'research_report',
    user('Write a detailed report on the effects of remote work on productivity, summarizing the main studies since 2020 with references.'),
  ],
  [
    'research_report',
    sys(
      'You are a research analyst. Produce long, structured reports with an executive summary, sections, and a list of sources.',
      'Topic: the current state of small modular nuclear reactors worldwide.',
    ),
  ],
  ['finance_trading', user('What does a rising yield curve tell investors about the economy, and how should it affect a bond portfolio?')],
  [
    'finance_trading',
    user(
      'Compute the P/E ratio of a company with a share price of $150 and earnings per share of $6, and say whether that is high for ' +
        'a tech stock.',
    ),
  ],
  ['finance_trading', user('用RSI和MACD分析一下特斯拉股票最近的走势，给出短线交易建议。')],
  ['translation', user('Translate into Japanese: "The meeting has been moved to Friday at 3 pm."')],
  [
    'translation',
    sys(
      'Translate everything the user sends from English into French. Output only the translation.',
      'Our store is closed on public holidays.',
    ),
  ],
  ['translation', user('How do you say "I would like a table for two, please" in Italian?')],
  ['math', user('A train travels 180 km in 2.5 hours. What is its average speed in km/h?')],
  ['math', user('Compute the integral of 1/(1+x^2) from 0 to 1.')],
  ['math', user('求解方程组：x + y = 10，x - y = 4。')],
  [
    'security_audit',
    user(
      'Here is our sshd_config: PermitRootLogin yes, PasswordAuthentication yes, Port 22. What are the security risks and how do we ' +
        'harden it?',
    ),
  ],
  [
    'security_audit',
    user(
      'We are pentesting our own public web application next week. Which vulnerabilities should the penetration test look for ' +
        '(OWASP Top 10), and how do we check for each?',
    ),
  ],
  ['devops', user('Our production API started returning 502 errors after the last deploy. How should we triage this incident?')],
  ['devops', user('How should I set up log aggregation for 40 microservices so we can search the logs in one place?')],
  ['devops', user('我们的服务器磁盘使用率突然达到95%，线上服务变慢，应该怎么排查和处理？')],
];
